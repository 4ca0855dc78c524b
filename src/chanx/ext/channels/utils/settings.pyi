# Type information for the earlier path chanx.ext.channels.utils.settings (the module is chanx.channels.utils.settings).
from chanx.channels.utils.settings import *

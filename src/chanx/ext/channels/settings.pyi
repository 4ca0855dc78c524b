# Type information for the earlier path chanx.ext.channels.settings (the module is chanx.channels.settings).
from chanx.channels.settings import *

# Type information for the earlier path chanx.ext.channels.utils (the module is chanx.channels.utils).
from chanx.channels.utils import *

# Type information for the earlier path chanx.ext.fast_channels.constants (the module is chanx.fast_channels.constants).
from chanx.fast_channels.constants import *

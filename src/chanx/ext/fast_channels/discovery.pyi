# Type information for the earlier path chanx.ext.fast_channels.discovery (the module is chanx.fast_channels.discovery).
from chanx.fast_channels.discovery import *

# Type information for the earlier path chanx.ext.fast_channels.utils (the module is chanx.fast_channels.utils).
from chanx.fast_channels.utils import *

# Type information for the earlier path chanx.ext.fast_channels.layers (the module is chanx.fast_channels.layers).
from chanx.fast_channels.layers import *

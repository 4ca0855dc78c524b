# Type information for the earlier path chanx.ext.fast_channels.type_defs (the module is chanx.fast_channels.type_defs).
from chanx.fast_channels.type_defs import *

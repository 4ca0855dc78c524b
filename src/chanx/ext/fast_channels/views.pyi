# Type information for the earlier path chanx.ext.fast_channels.views (the module is chanx.fast_channels.views).
from chanx.fast_channels.views import *

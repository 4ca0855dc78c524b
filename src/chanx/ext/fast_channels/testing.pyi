# Type information for the earlier path chanx.ext.fast_channels.testing (the module is chanx.fast_channels.testing).
from chanx.fast_channels.testing import *

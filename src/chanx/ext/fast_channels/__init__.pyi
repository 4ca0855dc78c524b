# Type information for the earlier path chanx.ext.fast_channels (the module is chanx.fast_channels).
from chanx.fast_channels import *

# Type information for the earlier path chanx.ext.channels (the module is chanx.channels).
from chanx.channels import *

# Type information for the earlier path chanx.ext.channels.utils.request (the module is chanx.channels.utils.request).
from chanx.channels.utils.request import *

# Type information for the earlier path chanx.ext.channels.views (the module is chanx.channels.views).
from chanx.channels.views import *

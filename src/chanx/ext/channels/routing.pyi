# Type information for the earlier path chanx.ext.channels.routing (the module is chanx.channels.routing).
from chanx.channels.routing import *

# Type information for the earlier path chanx.ext.channels.utils.asgi (the module is chanx.channels.utils.asgi).
from chanx.channels.utils.asgi import *

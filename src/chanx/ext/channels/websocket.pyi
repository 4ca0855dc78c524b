# Type information for the earlier path chanx.ext.channels.websocket (the module is chanx.channels.websocket).
from chanx.channels.websocket import *

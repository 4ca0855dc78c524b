# Type information for the earlier path chanx.ext.fast_channels.websocket (the module is chanx.fast_channels.websocket).
from chanx.fast_channels.websocket import *

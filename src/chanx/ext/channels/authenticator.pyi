# Type information for the earlier path chanx.ext.channels.authenticator (the module is chanx.channels.authenticator).
from chanx.channels.authenticator import *

# Type information for the earlier path chanx.ext.channels.discovery (the module is chanx.channels.discovery).
from chanx.channels.discovery import *

# Type information for the earlier path chanx.ext.channels.apps (the module is chanx.channels.apps).
from chanx.channels.apps import *

# Type information for the earlier path chanx.ext.channels.management (the module is chanx.channels.management).
from chanx.channels.management import *

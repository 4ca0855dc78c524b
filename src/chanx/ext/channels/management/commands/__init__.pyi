# Type information for the earlier path chanx.ext.channels.management.commands (the module is chanx.channels.management.commands).
from chanx.channels.management.commands import *

# Type information for the earlier path chanx.ext.channels.db_connections (the module is chanx.channels.db_connections).
from chanx.channels.db_connections import *

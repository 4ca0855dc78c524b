# Type information for the earlier path chanx.ext.channels.management.commands.generate_asyncapi_schema (the module is chanx.channels.management.commands.generate_asyncapi_schema).
from chanx.channels.management.commands.generate_asyncapi_schema import *

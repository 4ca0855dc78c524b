# Type information for the earlier path chanx.core.registry (the module is chanx.asyncapi.registry).
from chanx.asyncapi.registry import *

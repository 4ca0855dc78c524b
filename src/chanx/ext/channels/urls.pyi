# Type information for the earlier path chanx.ext.channels.urls (the module is chanx.channels.urls).
from chanx.channels.urls import *

# Type information for the earlier path chanx.ext.channels.testing (the module is chanx.channels.testing).
from chanx.channels.testing import *

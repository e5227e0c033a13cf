"""`python -m registration.translations update|check|compile`."""
import sys

from . import main

sys.exit(main(sys.argv[1:]))

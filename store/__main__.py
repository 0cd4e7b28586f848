import os
import sys

from .cli import main

code = main()
# as metrics/__main__.py: leave without C++ static destructors (pyarrow's reader threads, apache/arrow#34314)
sys.stdout.flush()
sys.stderr.flush()
os._exit(int(code or 0))

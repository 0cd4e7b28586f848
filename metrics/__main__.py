import os
import sys

from .cli import main

code = main()
# Leave without running C++ static destructors: pyarrow's CSV reader threads can abort the
# interpreter's shutdown ("terminate called without an active exception", exit -6) after the
# command has finished and printed its report (apache/arrow#34314).  Output files are closed by now.
sys.stdout.flush()
sys.stderr.flush()
os._exit(int(code or 0))

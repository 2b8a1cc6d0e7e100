import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# Every memory backend of the suite checks that handlers never change stored records in place.
os.environ.setdefault("GWMOCK_STRICT", "1")

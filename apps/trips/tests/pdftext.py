"""Read a PDF's text the way a person's PDF reader would (pypdf, pure Python: no system tools needed)."""

import io
from pathlib import Path


def pdf_text(source) -> str:
    """Text of every page of a PDF given as bytes or a path; whitespace collapsed for easy matching."""
    from pypdf import PdfReader

    data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return text

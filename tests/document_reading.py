"""Read a report back the way its readers do: Markdown through a CommonMark parser, Word through python-docx.

Both give an outline, one (kind, text) per heading, paragraph, list item and figure, so the two formats can be
compared: kinds h1-h4, p, number, bullet, bullet2 (a point below an item) and figure (its alt text).
"""

import io

import docx
from markdown_it import MarkdownIt
from markdown_it.token import Token

Outline = list[tuple[str, str]]
PARSER = MarkdownIt("commonmark")
STYLES = {"List Number": "number", "List Bullet": "bullet", "List Bullet 2": "bullet2"}


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def markdown_outline(text: str) -> Outline:
    """The outline of a Markdown document as a CommonMark reader sees it."""
    outline: Outline = []
    lists: list[str] = []
    tokens = PARSER.parse(text)
    for number, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("number" if token.type == "ordered_list_open" else "bullet")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            outline.append((token.tag, _inline_text(tokens[number + 1])))
        elif token.type == "paragraph_open":
            inline = tokens[number + 1]
            images = [c for c in inline.children or [] if c.type == "image"]
            if images:
                outline.append(("figure", images[0].content))
            elif lists:
                outline.append((lists[-1] if len(lists) == 1 else "bullet2", _inline_text(inline)))
            else:
                outline.append(("p", _inline_text(inline)))
    return outline


def docx_outline(data: bytes) -> Outline:
    """The outline of a Word document as python-docx reads it: by paragraph style; a picture by its alt text."""
    outline: Outline = []
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        style = paragraph.style.name if paragraph.style is not None else "Normal"
        pictures = paragraph._p.xpath(".//wp:docPr")
        if pictures:
            outline.append(("figure", pictures[0].get("descr")))
        elif style.startswith("Heading "):
            outline.append((f"h{style.removeprefix('Heading ')}", paragraph.text))
        else:
            outline.append((STYLES.get(style, "p"), paragraph.text))
    return outline

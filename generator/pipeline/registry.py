"""Every kind of content the generator knows, in the order their datasets are listed on the open-data page.

Adding a kind: write its module in generator/kinds/ (model, files, checks,
pages, outputs, ending with ``KIND = Kind(...)``), its templates, and one line here.
"""

from __future__ import annotations

from ..core.kind import Kind
from ..kinds import hotlines, indices, news, pages, plans, procedures
from ..kinds import organisation  # Cơ cấu tổ chức
from ..kinds import documents  # Văn bản
from ..kinds import agencies
from ..kinds import drafts, questions  # Hỏi đáp, Lấy ý kiến dự thảo
from ..kinds import holidays, reception  # Lịch tiếp công dân và ngày nghỉ
from ..kinds import progress  # Tiến độ kế hoạch

KINDS: tuple[Kind, ...] = (
    procedures.KIND,
    hotlines.KIND,
    plans.KIND,
    indices.KIND,
    news.KIND,
    pages.KIND,
    agencies.KIND,
    questions.KIND, drafts.KIND,  # Hỏi đáp, Lấy ý kiến dự thảo
    documents.KIND,  # Văn bản
    organisation.KIND,  # Cơ cấu tổ chức
    holidays.KIND, reception.KIND,  # Lịch tiếp công dân và ngày nghỉ
    progress.KIND,  # Tiến độ kế hoạch
)
BY_NAME = {kind.name: kind for kind in KINDS}

"""Every kind of content the generator knows, in the order their datasets are listed on the open-data page.

Adding a kind: write its module in generator/kinds/ (model, files, checks,
pages, outputs, ending with ``KIND = Kind(...)``), its templates, and one line here.
"""

from __future__ import annotations

from ..core.kind import Kind
from ..kinds import (agencies, documents, drafts, holidays, hotlines, indices, news, organisation, pages, plans,
                     procedures, progress, questions, reception)

KINDS: tuple[Kind, ...] = (
    procedures.KIND,
    hotlines.KIND,
    plans.KIND,
    progress.KIND,      # tiến độ kế hoạch
    indices.KIND,
    news.KIND,
    documents.KIND,     # văn bản
    questions.KIND,     # hỏi đáp
    drafts.KIND,        # lấy ý kiến dự thảo
    reception.KIND,     # lịch tiếp công dân
    holidays.KIND,      # ngày nghỉ, which the reception schedule follows
    organisation.KIND,  # cơ cấu tổ chức, trang tiếng Anh
    agencies.KIND,      # sổ đăng ký cơ quan
    pages.KIND,
)

"""schema.org JSON-LD for search engines and link previews.

Built as plain dicts here and serialised into each page's metadata; the theme
override prints them in a ``<script type="application/ld+json">``. Every page
names the same organisation by one ``@id``, so search engines see one agency,
not one per page; phones are in international form, as schema.org asks.
"""

from __future__ import annotations

from typing import Any

from . import models
from .validate import Content, Entry
from .vietnamese import slugify

_DAYS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
         "fr": "Friday", "sa": "Saturday", "su": "Sunday"}
# The theme's share image (overrides/assets/images/), for a site without a logo or an item without an image.
SHARE_IMAGE = "assets/images/chia-se.png"


def international(phone: str) -> str:
    """"0213 3800 100" as "+84 213 3800 100": national numbers lose the trunk 0 behind Vietnam's +84."""
    phone = phone.strip()
    if phone.startswith("+"):
        return phone
    return "+84 " + phone.removeprefix("0")


def _contact_point(hotline: models.Hotline) -> dict[str, Any]:
    phones = hotline.phones()
    emails = [c.value for c in hotline.channels if c.kind is models.ChannelKind.email]
    point: dict[str, Any] = {
        "@type": "ContactPoint",
        "contactType": hotline.name,
        "availableLanguage": "vi",
        "hoursAvailable": [{"@type": "OpeningHoursSpecification",
                            "dayOfWeek": [_DAYS[d] for d in h.days], "opens": h.opens, "closes": h.closes}
                           for h in hotline.hours],
    }
    if phones:
        point["telephone"] = international(phones[0].value)
    if emails:
        point["email"] = emails[0]
    return point


def _area(site: models.Site) -> dict[str, Any]:
    return {"@type": "AdministrativeArea", "name": site.province, "containedInPlace": {"@type": "Country",
                                                                                        "name": "Việt Nam"}}


def organization_ref(content: Content) -> dict[str, Any]:
    """The agency as other items name it: its ``@id``, name and logo."""
    site = content.site
    return {"@type": "GovernmentOrganization", "@id": f"{site.base_url}#co-quan", "name": site.name,
            "logo": {"@type": "ImageObject", "url": f"{site.base_url}{site.logo or SHARE_IMAGE}"}}


def organization(content: Content) -> dict[str, Any]:
    """GovernmentOrganization with its main hotline, on every page."""
    site = content.site
    org: dict[str, Any] = {
        "@context": "https://schema.org",
        **organization_ref(content),
        "url": str(site.base_url),
        "address": {"@type": "PostalAddress", "streetAddress": site.address,
                    "addressRegion": site.province, "addressCountry": "VN"},
        "areaServed": _area(site),
        "telephone": international(site.phone),
        "email": site.email,
        "contactPoint": _contact_point(content.main_hotline.model),
    }
    if site.parent:
        org["parentOrganization"] = {"@type": "GovernmentOrganization", "name": site.parent}
    return org


def _iso_duration(days: float | None) -> str | None:
    return None if days is None else f"P{days:g}D"


def service(content: Content, entry: Entry[models.Procedure]) -> dict[str, Any]:
    """GovernmentService for a procedure page: this page is its ``url``, the national portal's is ``sameAs``."""
    site = content.site
    proc = entry.model
    channels = []
    for method in proc.methods:
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": method.kind,
                                   "servicePhone": {"@type": "ContactPoint", "telephone": international(site.phone)}}
        if (duration := _iso_duration(method.time_limit_days)) is not None:
            channel["processingTime"] = duration
        if method.kind == "trực tuyến" and proc.submit_url:
            channel["serviceUrl"] = proc.submit_url
        if method.kind != "trực tuyến":
            channel["serviceLocation"] = {"@type": "Place", "name": proc.agency}
            channel["servicePostalAddress"] = {"@type": "PostalAddress", "addressRegion": site.province,
                                               "addressCountry": "VN"}
        channels.append(channel)
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": proc.name,
        "identifier": proc.code,
        "description": f"Thủ tục hành chính lĩnh vực {proc.field}, cấp {', '.join(l.value for l in proc.levels)}. "
                       f"Kết quả: {proc.result}",
        "serviceType": proc.field,
        "provider": {"@type": "GovernmentOrganization", "name": proc.agency},
        "serviceOperator": organization_ref(content),
        "areaServed": _area(site),
        "jurisdiction": _area(site),
        "audience": {"@type": "Audience", "audienceType": ", ".join(proc.applicants)},
        "availableChannel": channels,
        "produces": proc.result,
        "url": f"{site.base_url}thu-tuc/{entry.id}/",
        "sameAs": proc.national_portal_url,
    }


def article(content: Content, entry: Entry[models.NewsMeta], url: str) -> dict[str, Any]:
    """NewsArticle for a news page at ``url``."""
    site = content.site
    news = entry.model
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": news.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": news.date.isoformat(),
        "dateModified": (news.updated or news.date).isoformat(),
        "author": {"@type": "Organization", "name": news.unit,
                   "url": f"{site.base_url}tin-tuc/don-vi/{slugify(news.unit)}/"},
        "publisher": organization_ref(content),
        "description": news.summary,
        "image": f"{site.base_url}{news.image.src if news.image else SHARE_IMAGE}",
        "inLanguage": "vi",
    }

"""schema.org JSON-LD for search engines and link previews.

Built as plain dicts here and serialised into each page's metadata; the theme
override prints them in a ``<script type="application/ld+json">``.
"""

from __future__ import annotations

from typing import Any

from . import models
from .validate import Content, Entry

_DAYS = {"mo": "Monday", "tu": "Tuesday", "we": "Wednesday", "th": "Thursday",
         "fr": "Friday", "sa": "Saturday", "su": "Sunday"}


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
        point["telephone"] = phones[0].value
    if emails:
        point["email"] = emails[0]
    return point


def organization(content: Content) -> dict[str, Any]:
    """GovernmentOrganization with its main hotline, on every page."""
    site = content.site
    org: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": site.name,
        "url": str(site.base_url),
        "address": {"@type": "PostalAddress", "streetAddress": site.address,
                    "addressRegion": site.province, "addressCountry": "VN"},
        "telephone": site.phone,
        "email": site.email,
        "contactPoint": _contact_point(content.main_hotline.model),
    }
    if site.parent:
        org["parentOrganization"] = {"@type": "GovernmentOrganization", "name": site.parent}
    return org


def _iso_duration(days: float | None) -> str | None:
    return None if days is None else f"P{days:g}D"


def service(content: Content, proc: models.Procedure) -> dict[str, Any]:
    """GovernmentService for a procedure page."""
    channels = []
    for method in proc.methods:
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": method.kind,
                                   "servicePhone": {"@type": "ContactPoint", "telephone": content.site.phone}}
        if (duration := _iso_duration(method.time_limit_days)) is not None:
            channel["processingTime"] = duration
        if method.kind == "trực tuyến" and proc.submit_url:
            channel["serviceUrl"] = proc.submit_url
        if method.kind != "trực tuyến":
            channel["servicePostalAddress"] = {"@type": "PostalAddress", "streetAddress": proc.agency}
        channels.append(channel)
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": proc.name,
        "identifier": proc.code,
        "serviceType": proc.field,
        "provider": {"@type": "GovernmentOrganization", "name": proc.agency},
        "audience": {"@type": "Audience", "audienceType": ", ".join(proc.applicants)},
        "availableChannel": channels,
        "produces": proc.result,
        "url": proc.national_portal_url,
    }


def article(content: Content, entry: Entry[models.NewsMeta]) -> dict[str, Any]:
    """NewsArticle for a news page."""
    news = entry.model
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": news.title,
        "datePublished": news.date.isoformat(),
        "dateModified": (news.updated or news.date).isoformat(),
        "author": {"@type": "Organization", "name": news.unit},
        "publisher": {"@type": "GovernmentOrganization", "name": content.site.name},
        "description": news.summary,
    }
    if news.image:
        data["image"] = f"{content.site.base_url}{news.image.src}"
    return data

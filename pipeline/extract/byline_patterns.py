"""Byline labels and person-name cleaning, kept as data (the reading is in code).

One vocabulary of labels ("Written by", "Medically reviewed by", "Last updated") serves the
bylines read as metadata (:mod:`pipeline.extract.bylines`), the names cleaned from them
(:mod:`pipeline.extract.names`) and the byline lines taken out of the article text
(:mod:`pipeline.extract.boilerplate`): the three agree on what a label is.
"""

from __future__ import annotations

import re

from pipeline.extract.phrase_patterns import alternation
from pipeline.extract.vocabulary import MONTH_NAMES, spelled_out, words

BYLINE_MAX_CHARS = 160  # a byline line is short; a longer block starting with "By" is prose
# Label words, kept apart from their anchors so one byline line with several labels
# ("By A · Reviewed by B · Updated May 1") can be cut into one piece per label. The author and
# publication labels are the vocabularies' (``author_labels``, ``by_words``, ``published_labels``
# in pipeline/extract/vocab/*.toml); here only the shapes no phrase list holds: Drupal's
# "Submitted [on a date] by", and "posted" or "created" unless "by" follows (a name, no date).
# A bare word before a name is one only before a space (or the name's own element): "AV-Block"
# and "AV: atrioventricular" hold Swedish "av" but are no byline ("AF-S NIKKOR", a lens, read as
# Danish "af" before the rule; da.toml lists none). A language's "By:" with a colon is an author
# label too: en.toml lists "by" under both keys, as de.toml "von".
AUTHOR_WORDS = (
    r"submitted(?: [^:]{0,40}?)? by|"
    + spelled_out("author_labels")
    + "|(?:"
    + alternation(words("by_words"))
    + r")(?=\s|$)"
)
# Labels of a medical reviewer or fact-checker (metadata.reviewers); the editor labels are these
# and the editors' own: one vocabulary, so a reviewer label is always also a byline label. The
# words are the vocabularies' (``reviewer_labels``, ``editor_labels``, ``updated_labels``,
# ``reviewed_date_labels``); here the shapes: "Medically reviewed:" (a colon next), "Last edited
# by NAME on".
REVIEWER_WORDS = r"(?:medically|clinically) reviewed(?= *:)|" + spelled_out("reviewer_labels")
EDITOR_WORDS = REVIEWER_WORDS + "|" + spelled_out("editor_labels")
MODIFIED_WORDS = r"last edited(?: by .{1,40}? on)?|" + spelled_out("updated_labels", "reviewed_date_labels")
# "Created: 02 January 2023" (Joomla's article info, a wiki's page info) is the publication
# date too ("Created by NAME" is no date label).
PUBLISHED_WORDS = r"posted(?! by)(?: on)?|created(?! by)(?: on)?|" + spelled_out("published_labels")
AUTHOR_LABEL = re.compile(rf"^(?:{AUTHOR_WORDS})\s*[:：\-–]?\s*(?<=[\s:：\-–])(?=\S)", re.IGNORECASE)
# A reviewer's label alone ("Validé par", the name in the next element) is still a reviewer's:
# read as an author label it put the reviewer among the authors. An editor's word alone is
# more often a job title ("Editor" over a staff member's links) than a label.
EDITOR_LABEL = re.compile(rf"^(?:(?:{EDITOR_WORDS})(?=[\s:：\-–])|(?:{REVIEWER_WORDS})$)\s*[:：\-–]?\s*", re.IGNORECASE)
MODIFIED_LABEL = re.compile(rf"^(?:{MODIFIED_WORDS})(?=[\s:：\-–])\s*[:：\-–]?\s*", re.IGNORECASE)
PUBLISHED_LABEL = re.compile(rf"^(?:{PUBLISHED_WORDS})(?=[\s:：\-–])\s*[:：\-–]?\s*", re.IGNORECASE)
# A text node that starts with a label, even one whose value is in the next element ("Written By:").
LABEL_START = re.compile(
    rf"^(?:{EDITOR_WORDS}|{MODIFIED_WORDS}|{PUBLISHED_WORDS}|{AUTHOR_WORDS})(?=[\s:：\-–]|$)", re.IGNORECASE
)
# A label inside a byline line; it starts a new piece after a separator, or when it is a
# capitalised label that is not a bare preposition ("Reviewed by" splits, "caused by" does not).
LABEL_INSIDE = re.compile(
    rf"(?<!\w)(?:{EDITOR_WORDS}|{MODIFIED_WORDS}|{PUBLISHED_WORDS}|{AUTHOR_WORDS})(?=[\s:：\-–])", re.IGNORECASE
)
# The editor labels that name a medical reviewer or fact-checker (metadata.reviewers), not an editor.
REVIEWER_LABEL = re.compile(rf"^(?:{REVIEWER_WORDS})(?=[\s:：\-–]|$)", re.IGNORECASE)
# The modified labels that give a review date (metadata.last_reviewed), not an update.
REVIEWED_DATE_LABEL = re.compile(rf"^(?:{spelled_out('reviewed_date_labels')})(?=[\s:：\-–])", re.IGNORECASE)
# A reviewer's label after a comma in a byline's value: the value's lines run on into the name's
# tooltip, which says the review again ("Yarilet Perez, Fact checked by Yarilet Perez, Full Bio").
REVIEW_RESTATED = re.compile(rf",\s*(?:{REVIEWER_WORDS})(?=[\s:：\-–]|$)", re.IGNORECASE)
# The reviewer labels of fact-checkers: structured data rarely names them, the byline does.
FACT_CHECK_LABEL = re.compile(r"^(?:fact[- ]checked by|fact checker|faktengeprüft von|verificado por)", re.IGNORECASE)
# "Next review due: 12 March 2027": when the publisher plans the next review (metadata.next_review).
NEXT_REVIEW_LABEL = re.compile(
    r"(?:next review(?: due| date)?|review due|nächste überprüfung|próxima revisión|prochaine révision)\s*(?:on|:)?",
    re.IGNORECASE,
)
BARE_LABELS = frozenset({*words("by_words"), "date", "stand", "editor", "author", "autor", "autorin", "文", "更新"})
BYLINE_SEPARATORS = "|·•;–—/"
DECOY_DATE_LABEL = re.compile(
    r"(?:next review|review due|nächste überprüfung|próxima revisión|prochaine révision|copyright|©)", re.IGNORECASE
)

# Person-name cleaning: honorifics before, credentials after.
NAME_PREFIX = re.compile(
    r"^(?:(?:el|la|le|der|die)\s+(?=(?:dr|dra|prof)\.?\s)|(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|doctor|frau|herr"
    r"|dra|med|rer\.\s*nat|univ\.-prof|pd|dott\.ssa|dott|dr\.ssa|prof\.ssa|lek|dr hab|mgr)\.?\s+)",
    re.IGNORECASE,
)
NAME_CREDENTIALS = re.compile(
    r"(?:,?\s+(?:MD|M\.D\.|DO|D\.O\.|PhD|Ph\.D\.|RN|BSN|MSN|NP|PA-C|PA|MPH|MS|MSc|MBBS|MRCP|FRCP|FACC|FACP|DNP"
    r"|PharmD|RD|RDN|LD|CDE|CDCES|DPT|DC|MBA|MA|BA|BSc|FAAP|FACS|FAAFP|IBCLC|LCSW|LPC|CNM|APRN|FNP|FNP-BC"
    r"|MBChB|FRCS|MRCGP|DrPH|EdD|PsyD|CPT|NASM|ACE|Dipl\.-Med|Dr\. med\.?|R\.N\.|L\.P\.N\.|LPN|CNA|APN|CRNP|MSW"
    r"|R\.D\.|D\.P\.M\.|DPM|DDS|DMD|OD|MPharm|FRACP|FRCPC|MHS|MSPH|CHES|CSCS|ATC)(?!\w)\.?)+\s*$"
)
# Words that make a byline an organisation or a description, not a person.
NOT_A_PERSON = re.compile(
    r"\b(?:staff|team|editors|editorial|department|dept|university|hospital|clinic|center|centre|institute"
    r"|foundation|service|services|society|association|council|board|network|group|inc|ltd|llc|gmbh|news"
    r"|health|medical|specialist|especialista|facharzt|fachärztin|redaktion|rédaction|contributors?"
    r"|consultant|physician|surgeon|nurse|pharmacist|dietitian|nutritionist|therapist|practitioner|registrar"
    r"|lecturer|\w+ologist|paediatrician|pediatrician|obstetrician|psychiatrist|podiatrist)\b",
    re.IGNORECASE,
)
# Job titles that stand in a byline where a name would.
JOB_TITLE = re.compile(
    r"\b(?:staff|senior|contributing|special|chief|health|medical|science|auto|sports|political|freelance|guest"
    r"|ap|associate|deputy|national|local|business|wire)\s+(?:writer|reporter|correspondent|editor|columnist)s?\b"
    r"|\b(?:bureau|newsroom|editorial board|wire service)\b",
    re.IGNORECASE,
)
# A 2012 news byline without a label: the name, then its job title ("Jane Smith, Staff Writer";
# "<b>Jane Smith</b>, Staff Writer" reads as two pieces, the second starting with the comma).
SIGNED_ROLE = re.compile(
    r"^(?P<name>[^,]{0,60}),\s*(?:an?\s+|the\s+)?(?:staff|senior|contributing|special|chief|health|medical"
    r"|science|sports|political|freelance|guest|associate|deputy|national|local|business)\s+"
    r"(?:writer|reporter|correspondent|editor|columnist)\s*$",
    re.IGNORECASE,
)
NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+und\s+|\s+y\s+|\s+et\s+|\s*&\s*|\s*;\s*)\s*")
# The same split keeping its separators (odd items of ``split``): a comma before one word may
# be a role ("Jane Doe, Pharmacist"), an "and" never is.
NAME_SPLIT_KEEPING = re.compile(f"({NAME_SPLIT.pattern})", NAME_SPLIT.flags)

# A link to a person's own page on the site: a people section of its paths ("/authors/NAME",
# "/staff/123/NAME", "/doctors/NAME"), whatever the theme calls the link's class. Tags and topics
# ("/tag/NAME") are left out: they link people the article is about; so are "/people/",
# "/users/" and "/members/": a shop's reviewers and a forum's members have those.
AUTHOR_PAGE_PATH = re.compile(
    r"/(?:authors?|staff|writers?|contributors?|columnists?|reporters?|journalists?|team"
    r"|experts?|doctors?|editors?)/",
    re.IGNORECASE,
)


# "By Jane Doe" / "Por María Ruiz": a bare preposition is a byline only before a capitalised name,
# the capital any script's ("von Łukasz Nowak", "by Øystein Berg", "von Анна Петрова"): the
# name's first letter, which the reading checks with str.isupper (re has no class for it).
BY_NAME = re.compile(r"^(?:" + alternation(words("by_words")) + r")\s+(?P<initial>[^\W\d_])")
# Where an author's name ends in a byline's value: a separator, a preposition before a date or
# a place ("on", "at", "am", "el", Dutch "op"; French "le", Italian "il", Portuguese "em" before a
# number: "Marine Le Pen" keeps her name), a date label, a digit or a month name, or a word and a
# colon: the next field's label ("Jane Doe Views: 4 712", "Ольга Седова Просмотров: 4 712": a page's
# info line read whole once its author label is known) (bylines.byline_people).
NAME_STOP = re.compile(
    r"\s*(?:\||·|•|/|\s[—–]\s|(?<=\s)[^\W\d_]+:(?=\s|$)|\bon\b|\bat\b|\bin\b|\bupdated\b|\bpublished\b|\bposted\b|\bfor\b|\bam\b|\bel\b|(?<!\w)\d"
    r"|\bop\b|\b(?:le|il|em)\s+\d"
    r"|\b(?:publiziert|veröffentlicht|aktualisiert|publicado|actualizado|publié|mis à jour)\b"
    r"|\b(?:" + MONTH_NAMES + r")\.?\s+\d).*$",
    re.IGNORECASE,
)
# A byline that says it is the last update ("Updated 3 May 2024 by ..."): its date is the
# modified one, and its name no dateline's author.
UPDATED_WORD = re.compile(r"updated|aktualisiert|actualizado", re.IGNORECASE)

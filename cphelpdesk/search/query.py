"""Parsing what people type into a query tree, and writing that tree for FTS5 and for PostgreSQL's tsquery.

Syntax: words (all must match), "quoted phrases", prefixes (`protec*`), `OR` between two items, `-word` to
exclude (only a minus that begins a term; a query of nothing but exclusions searches for those words, since
people type "-based" meaning the word). Hyphenated compounds ("community-based", "non-accompagnés") match
their parts side by side or written as one word, and count as one word of the query. Anything else is read
as words: quotes that never close, stray operators, `NEAR(`, SQL. Only terms built by `analysis` (letters and
digits) ever reach the engines, each quoted, so no input can change the SQL or break the engine's query syntax.
"""

import re
from dataclasses import dataclass, field

from cphelpdesk.search import analysis
from cphelpdesk.search.glossary import GlossaryMatcher, matcher

MAX_QUERY_CHARS = 500
MAX_ITEMS = 24
MIN_PREFIX = 2
_CHUNK_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word: any of its alternatives (stems in each language, surface form, concept token)."""

    alternatives: frozenset[str]
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    """Adjacent words: any of the variants (the phrase analysed in each candidate language)."""

    variants: tuple[tuple[str, ...], ...]
    compound: bool = False  # a hyphenated word as typed, not a phrase the searcher quoted


@dataclass(frozen=True)
class AllOf:
    children: tuple


@dataclass(frozen=True)
class AnyOf:
    children: tuple
    # For a glossary expansion (query words OR'ed with their concept): how many query words the concept stands for
    # when they say the whole of its meaning or are its acronym; 0 for a part of a meaning, and for other ORs.
    words: int = 0


@dataclass(frozen=True)
class ParsedQuery:
    """A parsed query: what must match, what must not, and what to highlight."""

    text: str
    language: str = ""
    positive: AllOf | None = None
    negative: tuple = ()
    words: tuple[str, ...] = ()  # plain words as typed, candidates for "did you mean"
    highlight_terms: frozenset[str] = frozenset()
    highlight_prefixes: tuple[str, ...] = ()
    concepts: frozenset[str] = frozenset()
    notes: list[str] = field(default_factory=list, compare=False)

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable is left (blank, only stop words, or only punctuation)."""
        return self.positive is None and not self.negative

    def __str__(self) -> str:
        return to_fts5(self) if not self.is_empty else ""


@dataclass
class _Item:
    words: list[str]
    prefix: bool = False
    negated: bool = False
    quoted: bool = False
    node: object = None

    @property
    def compound(self) -> bool:
        return len(self.words) > 1 and not self.quoted


def _word_node(raw: str, language: str, prefix: bool) -> Term | None:
    if prefix:
        stem_alternatives = analysis.query_alternatives(raw, language)
        alternatives = frozenset(alt for alt in stem_alternatives if len(alt) >= MIN_PREFIX)
        if alternatives:
            return Term(alternatives, prefix=True)
    if analysis.is_stop_word(raw, language):
        return None
    return Term(analysis.query_alternatives(raw, language))


def _phrase_node(words: list[str], language: str, compound: bool = False) -> Term | Phrase | None:
    variants = []
    for candidate in ((language,) if language else analysis.LANGUAGES) + ("",):
        sequence = tuple(found for found in (analysis.term(word, candidate) for word in words) if found)
        if sequence and sequence not in variants:
            variants.append(sequence)
    if not variants:
        return None
    if all(len(variant) == 1 for variant in variants):
        return Term(frozenset(variant[0] for variant in variants))
    if compound:  # "post-distribution" is also written "postdistribution"
        for candidate in ((language,) if language else analysis.LANGUAGES) + ("",):
            whole = analysis.term("".join(words), candidate)
            if whole and (whole,) not in variants:
                variants.append((whole,))
    return Phrase(tuple(variants), compound=compound)


def _items(text: str) -> list[_Item | str]:
    items: list[_Item | str] = []
    for match in _CHUNK_RE.finditer(text):
        negated, quoted, bare = match.groups()
        if bare is None:
            words = analysis.tokens(quoted)
            if words:
                items.append(_Item(words, negated=bool(negated), quoted=True))
            continue
        if bare in ("OR", "|"):
            items.append("OR")
            continue
        if bare == "AND":
            continue
        negated_bare = bare.startswith("-") and len(bare) > 1
        words = analysis.tokens(bare)
        if words:
            prefix = bare.endswith("*") and len(words) == 1
            items.append(_Item(words, prefix=prefix, negated=negated_bare))
    return items


def parse(text: str, language: str | None = None, glossary: GlossaryMatcher | None = None) -> ParsedQuery:
    """Parse `text` into a query; never fails (anything unusable is dropped, leaving maybe an empty query).

    `language` is the language the query is written in, when known: its stemmer alone (plus the words as
    written) is then used, instead of all five. `glossary`: the matcher to use (a caller parsing several texts
    reads it once), or the current one.
    """
    language = analysis.normalise_language(language)
    text = (text or "")[:MAX_QUERY_CHARS]
    items = _items(text)
    notes = []
    if len([item for item in items if item != "OR"]) > MAX_ITEMS:
        notes.append("truncated")
    # Group items joined by OR; an OR next to nothing or to an exclusion is just dropped.
    groups: list[list[_Item]] = []
    negatives: list[_Item] = []
    pending_or = False
    count = 0
    for item in items:
        if item == "OR":
            pending_or = bool(groups)
            continue
        count += 1
        if count > MAX_ITEMS:
            break
        if item.negated:
            negatives.append(item)
            pending_or = False
            continue
        if pending_or and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
    if not groups and negatives:  # nothing but exclusions: the searcher meant the words
        for item in negatives:
            item.negated = False
        groups, negatives = [[item] for item in negatives], []

    glossary = matcher() if glossary is None else glossary
    candidates = ((language,) if language else analysis.LANGUAGES) + ("",)
    highlight: set[str] = set()
    prefixes: list[str] = []
    concepts: set[str] = set()
    words: list[str] = []

    def node_for(item: _Item):
        if item.negated:  # excluded words are neither highlighted nor offered for correction
            return _word_node(item.words[0], language, item.prefix) if len(item.words) == 1 else (
                _phrase_node(item.words, language, item.compound))
        if len(item.words) == 1:
            node = _word_node(item.words[0], language, item.prefix)
        else:
            node = _phrase_node(item.words, language, item.compound)
        if node is None:
            return None
        if isinstance(node, Term):
            if node.prefix:
                prefixes.extend(sorted(node.alternatives))
            else:
                highlight.update(node.alternatives)
                if len(item.words) == 1:
                    words.append(item.words[0])
        else:
            for variant in node.variants:
                highlight.update(variant)
        return node

    def with_concepts(node, found: frozenset[str], words: int = 0):
        concepts.update(found)
        concept_terms = Term(frozenset(found))
        return AnyOf((node, concept_terms), words=words) if node is not None else concept_terms

    clauses = []
    for group in groups:
        if len(group) > 1:  # an OR group: each member may still be a glossary term on its own
            members = []
            for item in group:
                node = node_for(item)
                found = _concepts_of(glossary, item, candidates)
                node = with_concepts(node, found) if found else node
                if node is not None:
                    members.append(node)
            if members:
                clauses.append(AnyOf(tuple(members)) if len(members) > 1 else members[0])
            continue
        clauses.append(group[0])
    # Runs of plain words are where glossary meanings are found ("enfants non accompagnés"), a compound's words
    # among them ("mariage d'enfants", "child-friendly space").
    final = []
    index = 0
    while index < len(clauses):
        item = clauses[index]
        if not isinstance(item, _Item):
            final.append(item)
            index += 1
            continue
        if item.quoted or item.prefix:
            node = node_for(item)
            found = _concepts_of(glossary, item, candidates) if not item.prefix else frozenset()
            node = with_concepts(node, found) if found else node
            if node is not None:
                final.append(node)
            index += 1
            continue
        run = [item]
        while (index + len(run) < len(clauses) and isinstance(clauses[index + len(run)], _Item)
               and _plain(clauses[index + len(run)])):
            run.append(clauses[index + len(run)])
        matches = _run_matches(glossary, run, candidates)
        position = 0
        while position < len(run):
            if position not in matches:
                node = node_for(run[position])
                if node is not None:
                    final.append(node)
                position += 1
                continue
            end, found, whole = matches[position]
            span = [node for node in (node_for(member) for member in run[position:end]) if node]
            own = (AllOf(tuple(span)) if len(span) > 1 else span[0]) if span else None
            final.append(with_concepts(own, found, len(span) if whole else 0))
            position = end
        index += len(run)

    negative_nodes = []
    for item in negatives:
        node = node_for(item)
        if node is not None:
            negative_nodes.append(node)
    return ParsedQuery(
        text=text, language=language, positive=AllOf(tuple(final)) if final else None,
        negative=tuple(negative_nodes), words=tuple(dict.fromkeys(words)), highlight_terms=frozenset(highlight),
        highlight_prefixes=tuple(dict.fromkeys(prefixes)), concepts=frozenset(concepts), notes=notes,
    )


def _plain(item: _Item) -> bool:
    return not (item.quoted or item.prefix or item.negated)


def _run_matches(glossary, run: list[_Item], candidates) -> dict[int, tuple[int, frozenset[str], bool]]:
    """Glossary terms in a run of plain items, as first item -> (item after the last, concepts, whether the items say
    the whole of a meaning or an acronym); a term that begins or ends inside a compound takes all of it, and one that
    would share a compound with another is dropped."""
    raws = [word for member in run for word in member.words]
    owner = [position for position, member in enumerate(run) for _word in member.words]
    found: dict[int, tuple[int, frozenset[str], bool]] = {}
    taken = 0  # items before this one belong to an earlier term
    for match in glossary.query_matches(raws, candidates):
        first, end = owner[match.start], owner[match.end - 1] + 1
        if first >= taken:
            found[first] = (end, match.concepts, match.whole)
            taken = end
    return found


def _concepts_of(glossary, item: _Item, candidates) -> frozenset[str]:
    """Concepts for an item that is, as a whole, a glossary term."""
    found: set[str] = set()
    # A quoted phrase asks for those words: only a whole meaning or acronym stands for a glossary term there.
    for match in glossary.query_matches(item.words, candidates, partial=not item.quoted):
        if match.start == 0 and match.end == len(item.words):
            found |= match.concepts
    return frozenset(found)


def terms_of(query: ParsedQuery) -> frozenset[str]:
    """Every non-prefix term the query's positive part may match (for "more like this" and tests)."""
    return query.highlight_terms | query.concepts


# --- writing the tree in each engine's syntax ------------------------------------------------------------

def _fts5(node) -> str:
    if isinstance(node, Term):
        star = "*" if node.prefix else ""
        parts = [f'"{alternative}"{star}' for alternative in sorted(node.alternatives)]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    if isinstance(node, Phrase):
        parts = ['"' + " ".join(variant) + '"' for variant in node.variants]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"
    joiner = " AND " if isinstance(node, AllOf) else " OR "
    parts = [_fts5(child) for child in node.children]
    return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"


def to_fts5(query: ParsedQuery, *, positive_only: bool = False) -> str:
    """The query as an FTS5 MATCH expression ("" when it has no positive part)."""
    if query.positive is None:
        return ""
    expression = _fts5(query.positive)
    if query.negative and not positive_only:
        expression = f"{expression} NOT {_fts5(AnyOf(query.negative))}"
    return expression


def negative_fts5(query: ParsedQuery) -> str:
    """The excluded part alone as an FTS5 expression (for exclusions without any positive word)."""
    return _fts5(AnyOf(query.negative)) if query.negative else ""


def _tsquery(node) -> str:
    if isinstance(node, Term):
        star = ":*" if node.prefix else ""
        parts = [f"'{alternative}'{star}" for alternative in sorted(node.alternatives)]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"
    if isinstance(node, Phrase):
        parts = ["(" + " <-> ".join(f"'{word}'" for word in variant) + ")" for variant in node.variants]
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"
    joiner = " & " if isinstance(node, AllOf) else " | "
    parts = [_tsquery(child) for child in node.children]
    return parts[0] if len(parts) == 1 else "(" + joiner.join(parts) + ")"


def scored_parts(query: ParsedQuery) -> list[Term | Phrase]:
    """The words and phrases of the query's positive part, each as often as the query holds it (a weighed concept
    several times, see engine._weighed): what an engine scoring term by term adds up."""
    found: list[Term | Phrase] = []

    def walk(node) -> None:
        if isinstance(node, Term | Phrase):
            found.append(node)
        else:
            for child in node.children:
                walk(child)

    if query.positive is not None:
        walk(query.positive)
    return found


def tsquery_of(node: Term | Phrase) -> str:
    """One word or phrase as a tsquery literal."""
    return _tsquery(node)


def to_tsquery(query: ParsedQuery) -> str:
    """The query as a tsquery literal ("" when it has no positive part)."""
    if query.positive is None:
        return ""
    expression = _tsquery(query.positive)
    for node in query.negative:
        expression = f"{expression} & !{_tsquery(node)}"
    return expression


def negative_tsquery(query: ParsedQuery) -> str:
    """The excluded part alone as a tsquery literal."""
    return _tsquery(AnyOf(query.negative)) if query.negative else ""

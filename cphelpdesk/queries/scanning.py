"""What the personal-data detector reads in a query's message: the text (the question with its subject) and the
names its sender goes by, which are not a third party's data. The privacy app's intake scan
(`privacy.intake`) and the acknowledgement (`carries_personal_data`) read messages the same way."""

from cphelpdesk.detection.detector import find_personal_data


def sender_names(message) -> list[str]:
    """The names the author of `message` goes by: as the message names them (a mail's From display name)
    and, for the requester, as the query and their account do."""
    names = [message.author_name]
    if message.kind == message.Kind.REQUESTER:
        query = message.query
        names.append(query.requester_name)
        if query.requester_id:
            names.append(query.requester.full_name)
    return names


def carries_personal_data(message) -> bool:
    """Whether a new query's question (`message`, with the subject) carries personal data other than its
    sender's own: the acknowledgement then asks, in one sentence, to leave such details out."""
    return bool(findings_in(message, first=True))


def findings_in(message, *, first: bool) -> list:
    """What the detector finds in `message` (`first`: the query's question, read with its subject), its
    sender's own name, greeting and signature set aside."""
    return find_personal_data(_text_to_scan(message, first=first), message.query.language,
                              sender_names=sender_names(message))


def _text_to_scan(message, *, first: bool) -> str:
    # The subject is read with the first message: it is as likely to carry a name as the text.
    return f"{message.query.subject}\n{message.body}" if first else message.body

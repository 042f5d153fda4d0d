"""Chat groups joined to communities: one interface (`messages.ChatMessage`, `messages.receive`) that every way in
uses (the signed generic webhook a bridge calls, the Telegram Bot API's updates, a Matrix homeserver's
application-service transactions), and the adapters that read each platform's payloads into it."""

"""What changes a member's learning, one module per part (all in transactions, audited):

- `completion`: a step done, a pathway completed, its certificate issued;
- `sessions`: registration, the waitlist, cancellation and attendance;
- `enrolment`: enrolling, starting a step, finishing a module, withdrawing;
- `quizzes`: scoring an attempt;
- `reviews`: submissions of external certificates and assignments, and their review;
- `referrals`: an officer recommending learning on a query.
"""

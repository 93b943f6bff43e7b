"""Job datings: events, registrations, interview schedules (the solver core lives in `solver/`)."""

"""Staff interface (工作台): base templates, login, dashboard, organization administration."""

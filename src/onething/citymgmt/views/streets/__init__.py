"""The streets' pages: the public register, a street's page and the programmes
(``public``); the staff's hub, projects and a project's moves (``staff``)."""

"""Who may see an export: only the person who started it (the file holds a list as that person saw it,
within their data scope). Starting an export needs the permission of the list (``registry.Exporter``)."""

import rules


@rules.predicate
def is_owner(user, job) -> bool:
    return bool(user and user.is_authenticated and job is not None and job.user_id == user.pk)


rules.add_perm("exports.view_job", is_owner)

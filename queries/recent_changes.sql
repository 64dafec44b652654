-- title: Recent changes to the records
-- description: The latest 100 changes, newest first: which record, when, and the change's own one-line description, from the repository's history at build time. The same list is an Atom feed at /-/changes.atom.
select change.changed, entity.label as record, change.record_id, entity.type as record_type, change.subject
from change join entity on entity.id = change.record_id
order by change.changed desc, change.id
limit 100

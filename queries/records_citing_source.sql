-- title: Everything that cites a source
-- choices source: select id as value, title as label from source order by title
-- default source: src-cabar-ageleuov-comment
-- description: Every record and fact citing a given source, with where in the source and any quoted sentence. Try source=src-cabar-ageleuov-comment.
select entity.type, entity.label as record, citation.path as fact, citation.at, citation.quote, citation.record_id
from citation join entity on entity.id = citation.record_id
where citation.source_id = :source
order by entity.type, entity.label, citation.id

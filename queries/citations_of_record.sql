-- title: Citations of a record
-- choices record: select id as value, label from entity where type != 'sources' order by label
-- default record: zharmakhan-tuyakbay
-- description: Every source a record cites, numbered as on its page, with where in the source. Try record=zharmakhan-tuyakbay.
select citation.n, citation.path, source.title, source.id as title_id, source.url, citation.at, citation.quote,
  source.kind as source_kind
from citation join source on source.id = citation.source_id
where citation.record_id = :record
order by citation.n, citation.id

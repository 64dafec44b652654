-- title: The founding commentary's claims and their verdicts
-- description: The judgements and assertions of Galym Ageleuov's commentary "Why is There No Real Opposition in Kazakhstan?" (CABAR), each attributed to him, with what the evidence says.
select claim.id, claim.kind, claim.paraphrase, claim.id as paraphrase_id, claim.stated_in_at as where_in_commentary,
  coalesce(claim.verification_status, 'not checkable (opinion)') as verdict, claim.verification_note
from claim
where claim.stated_in_source_id = 'src-cabar-ageleuov-comment'
order by claim.id

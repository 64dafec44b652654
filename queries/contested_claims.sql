-- title: Claims the evidence contradicts or disputes
-- description: Every attributed claim whose verification found the evidence against it or divided, with who made it and what the evidence says.
select claim.verification_status as verdict, claimant.label as claimant, claim.claimant_id, claim.paraphrase,
  claim.verification_note, claim.id as paraphrase_id
from claim join entity claimant on claimant.id = claim.claimant_id
where claim.verification_status in ('contradicted', 'disputed')
order by claim.verification_status, claimant.label, claim.id

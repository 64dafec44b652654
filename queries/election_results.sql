-- title: An election's results, official and alternative side by side
-- description: Each contestant's figures: the official ones announced by the election authority beside alternative counts and estimates, each with who gave it. Try election=mazhilis-2004.
select contestant.label as contestant,
  max(case when r.figure = 'official' then r.share end) as official_share,
  max(case when r.figure = 'official' then r.votes end) as official_votes,
  max(case when r.figure = 'official' then r.seats end) as official_seats,
  group_concat(case when r.figure != 'official'
    then coalesce(r.share || '%', r.votes || ' votes', r.seats || ' seats') || ' (' || r.figure || ', ' || giver.label || ')' end, '; ') as alternative_figures,
  group_concat(distinct giver.label) as according_to
from election_result r
  join entity contestant on contestant.id = r.contestant_id
  join entity giver on giver.id = r.according_to_id
where r.election_id = :election
group by r.contestant_id
order by official_share desc nulls last, contestant

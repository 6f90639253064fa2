"""实训学院: the talent training institute — programmes, cohorts (实训班), tracks and
courses; partner enterprises and their 企业家班主任 advisers; partner universities and
their 学分互认 agreements; applications, screening, interviews, ranked selection and
offers; enrolment, attendance and grades; signed credit transcripts; placements."""

"""Two columns side by side (``pdftotext -layout`` on a two-column page) read column by column, on lines
copied from what poppler gives for the Chromium-printed pdf-dev PDFs (ntrex_04, layout C); single-column
text, justified lines with wide spaces included, is read as it is."""

from align.prepare import document_from_lines
from align.prepare.columns import reading_order

EN = [
    '                                                 The Daily Ledger | World News',
    '',
    'Still Game star looks set for new career in restaurant industry',
    'Still Game star Ford Kieran looks set to move into the              registered airlines in the past two decades but none',
    "hospitality industry after it was discovered he's been              involved Air Niugini.",
    'named as the director of a licensed restaurants company.',
    "                                                                    'The sea is ours': landlocked Bolivia hopes court will",
    'The 56-year-old plays Jack Jarvis on the popular BBC',
    '                                                                    reopen path to Pacific',
    'show, which he writes and co-stars with long-time comedy',
    'partner Greg Hemphill. The duo have announced that the              Sailors patrol a rigging-clad naval headquarters in La Paz.',
    "upcoming ninth series will be the final one in the show's           Public buildings fly an ocean-blue flag. Naval bases from",
    'run, and it appears Kiernan is planning for life after              Lake Titicaca to the Amazon are daubed with the motto:',
    'Craiglang. According to official record listings, he is the         "The sea is ours by right. To recover it is a duty."',
    'director of Adriftmorn Limited. The actor declined to               Throughout landlocked Bolivia, the memory of a coastline',
    'comment on the story, though a Scottish Sun source hinted           lost to Chile in a bloody 19th-century resource conflict is',
    "that Kiernan was looking to get involved in Glasgow's               still vivid - as is the yearning to sail the Pacific Ocean",
    '"thriving restaurant trade."                                        once more. Those hopes are perhaps at their highest in',
    'Micronesia plane crash: Air Niugini now says one man                decades, as Bolivia awaits a ruling by the international',
    'missing after lagoon plane crash                                    court of justice on 1 October after five years of',
]

AR = [  # the same page in Arabic, with poppler's bidi controls: right column first
    '                           \u202bنجم "\u202a "Still Game\u202cيبدو مستعًد ا لمهنة جديدة في مجال المطاعم\u202c',
    '\u202bقائًل ا بأنه هو وبعض الأشخاص الآخرين تمكنوا من المرور\u202c             \u202bيبدو أن نجم برنامج "\u202a ،"Still Game\u202cفورد كيرنان مستعًد ا\u202c',
    '\u202bمن خلال المياه العميقة والتي وصل ارتفاعها إلى الخصر\u202a،\u202c\u202c              \u202bللانتقال إلى قطاع الضيافة بعد علمه أنه قد تم تعيينه\u202c',
    '\u202bحتى وصلوا لأبواب الطوارئ وتمكنوا من الخروج من\u202c                     \u202bمديًر ا لشركة مطاعم مرخصة\u202a .\u202cيؤدي البالغ من العمر \u202a56\u202c\u202c',
    '                                  \u202bالطائرة قبل غرقها\u202a.\u202c\u202c              \u202bعاًم ا دور جاك جارفيس في برنامج بي بي سي الشهير\u202a،\u202c\u202c',
    '                                                                  \u202bالذي يكتبه ويشترك في مشاركته مع شريك الكوميديا\u202c',
    '\u202bوأخبر أيًض ا عن مدى شعور اضطراب وهلع مضيفات\u202c',
    '                                                                  \u202bالمخضرم جريج هيمفيل\u202a .\u202cأعلن الثنائي أن السلسلة التاسعة\u202c',
    '         \u202bالطائرة\u202a ،\u202cوأنه تعرض لإصابة بسيطة في رأسه\u202a.\u202c\u202c',
    '                                                                  \u202bالقادمة ستكون الأخيرة في سلسلة البرنامج\u202a ،\u202cويبدو أن\u202c',
    '\u202bصرحت البحرية الأمريكية بان البحارة العاملين بقرب من\u202c               \u202bكيرنان يخطط لحياته الوظيفية بعد \u202a .Craiglang\u202cووفًق ا\u202c',
    '\u202bمنطقة تحسينات رصيف الميناء\u202a ،\u202cقاموا بتقديم الدعم\u202c                    \u202bلقوائم السجلات الرسمية\u202a ،\u202cفهو مدير شركة \u202aAdriftmorn\u202c\u202c',
    '\u202bوالمساندة لفرق الإنقاذ من خلال استخدام قوارب قابلة\u202c                \u202b\u202a .Limited\u202cرفض الممثل التعليق على القصة\u202a ،\u202cعلى الرغم\u202c',
    '\u202bللنفخ بالهواء لنقل الركاب والمصابين إلى الشاطئ قبل\u202c                \u202bمن أن أحد المصادر التابعة لصحيفة ذا صن الأسكتلندية\u202c',
    '\u202bغرق الطائرة بعمق \u202a 30\u202cمتًر ا (\u202a 100\u202cقدم) بالماء\u202a .\u202cوأشارت\u202c               \u202bأشار أن كيرنان كان يتطلع للمشاركة في "تجارة المطاعم\u202c',
    '\u202bبيانات شبكة سلامة الطيران بأن \u202a 111\u202cشخًص ا لقوا\u202c                                                       \u202bالمزدهرة في جلاسكو"\u202a.\u202c\u202c',
    '\u202bمصرعهم بالحوادث المسجلة بخطوط الطيران بمدينة\u202c',
]


STAGGERED = [  # pdftotext -layout, bench-dev-b quran_07 printed (layout C): the two columns' lines are not level
    '                                                  Tafsir Online | Selected Surahs',
    '',
    'By the mount And [by] a Book inscribed In parchment spread open And [by] the',
    'frequented House And [by] the heaven raised high And [by] the sea filled [with fire]',
    'Indeed, the punishment of your Lord will occur Of it there          Or have they the depositories [containing the provision] of',
    'is no preventer On the Day the heaven will sway with                your Lord? Or are they the controllers [of them] Or have',
    'circular motion And the mountains will pass on, departing           they a stairway [into the heaven] upon which they listen?',
    '                                                                    Then let their listener produce a clear authority Or has He',
    'Then woe, that Day, to the deniers Who are in [empty]',
    '                                                                    daughters while you have sons Or do you, [O',
    'discourse amusing themselves The Day they are thrust',
    '                                                                    Muhammad], ask of them a payment, so they are by debt',
    'toward the fire of Hell with a [violent] thrust, [its angels',
    '                                                                    burdened down',
    'will say] This is the Fire which you used to deny Then is',
    'this magic, or do you not see                                       Or have they [knowledge of] the unseen, so they write [it]',
    '                                                                    down Or do they intend a plan? But those who disbelieve -',
    '[Enter to] burn therein; then be patient or impatient - it is',
    '                                                                    they are the object of a plan Or have they a deity other',
    'all the same for you. You are only being recompensed [for]',
    '                                                                    than Allah? Exalted is Allah above whatever they associate',
    'what you used to do Indeed, the righteous will be in',
    '                                                                    with Him And if they were to see a fragment from the sky',
    'gardens and pleasure Enjoying what their Lord has given',
    '                                                                    falling, they would say, "[It is merely] clouds heaped up',
    'them, and their Lord protected them from the punishment',
    'of Hellfire [They will be told], "Eat and drink in                  So leave them until they meet their Day in which they will',
    'satisfaction for what you used to do                                be struck insensible The Day their plan will not avail them',
    '                                                                    at all, nor will they be helped And indeed, for those who',
    'They will be reclining on thrones lined up, and We will',
]


def test_left_column_read_before_right_column():
    doc = document_from_lines(EN)
    text = " ".join(s.text for s in doc.segments if s.kind == "content")
    assert text.startswith("Still Game star looks set for new career in restaurant industry Still Game star Ford"
                           " Kieran looks set to move into the hospitality industry after it was discovered")
    assert ('get involved in Glasgow\'s "thriving restaurant trade." Micronesia plane crash: Air Niugini now'
            " says one man missing after lagoon plane crash") in text
    left_end = text.index("missing after lagoon plane crash")
    right = text.index("registered airlines in the past two decades but none involved Air Niugini.")
    assert left_end < right
    assert "'The sea is ours': landlocked Bolivia hopes court will reopen path to Pacific" in text
    # a paragraph keeps the span of the input lines its pieces came from
    spans = [s.lines for s in doc.segments if "Still Game star Ford" in s.text]
    assert spans and spans[0][0] <= 4 <= spans[0][1]


def test_right_column_read_first_in_arabic():
    doc = document_from_lines(AR)
    text = " ".join(s.text for s in doc.segments if s.kind == "content")
    assert text.startswith('نجم "Still Game" يبدو مستعدًا لمهنة جديدة في مجال المطاعم يبدو أن نجم برنامج')
    assert "الذي يكتبه ويشترك في مشاركته مع شريك الكوميديا المخضرم جريج هيمفيل" in text
    assert text.index('"تجارة المطاعم المزدهرة في جلاسكو".') < text.index("قائلًا بأنه هو وبعض الأشخاص")


def test_single_column_text_read_as_it_is():
    justified = [  # pdftotext -layout, pdf-dev ntrex_01: one column, a justified line of short words
        "It's the last straw for a prime minister who is a pompous",
        "and   embattled      figure,   already     suffering    a    complete",
        "meltdown of political unpopularity: Emma Thompson does",
    ] * 6
    assert reading_order(justified) is None
    long_lines = ["A paragraph of clean text given on one line, " * 12] * 20
    assert reading_order(long_lines) is None


def test_columns_whose_lines_are_not_level():
    """Most rows hold a line of one column only (the right column's lines fall between the left's): the
    gutter is found from the right column's lines starting just after it, and the left column is read
    first (it was read row by row, the two columns' verses interleaved)."""
    text = " ".join(s.text for s in document_from_lines(STAGGERED).segments if s.kind == "content")
    left = text.index("Then woe, that Day, to the deniers Who are in [empty]")
    assert text.index("of Hellfire [They will be told]") < text.index("Or have they the depositories") > left
    assert "Then let their listener produce a clear authority Or has He" in text


def test_centred_header_across_the_gutter_is_read_whole():
    # the running header, centred over both columns, has a single space where the gutter falls: it is a
    # line across the gutter, read whole (it was cut into "The Daily Ledger" and "| World News")
    pieces = [t.strip() for _, t in reading_order(EN) if t.strip()]
    assert pieces[0] == "The Daily Ledger | World News"
    doc = document_from_lines(EN)
    assert doc.segments[0].text == "The Daily Ledger | World News" and doc.segments[0].kind == "furniture"


QURAN = [  # pdftotext -layout, pdf-dev quran_02 (layout C): a paragraph across both columns, then two columns
    '                                                Tafsir Online | Selected Surahs',
    '',
    'And he took attendance of the birds and said, "Why do I not see the hoopoe - or is he',
    'among the absent I will surely punish him with a severe punishment or slaughter him',
    'unless he brings me clear authorization But the hoopoe stayed not long and said, "I',
    'have encompassed [in knowledge] that which you have not encompassed, and I have',
    'come to you from Sheba with certain news Indeed, I found [there] a woman ruling',
    'them, and she has been given of all things, and she has a great throne I found her and',
    'her people prostrating to the sun instead of Allah, and Satan has made their deeds',
    'pleasing to them and averted them from [His] way, so they are not guided [And] so',
    'they do not prostrate to Allah, who brings forth what is hidden within the heavens',
    'and the earth and knows what you conceal and what you declare',
    'Allah - there is no deity except Him, Lord of the Great           see whether she will be guided [to truth] or will be of those',
    'Throne [Solomon] said, "We will see whether you were              who is not guided So when she arrived, it was said [to',
    'truthful or were of the liars Take this letter of mine and        her], "Is your throne like this?" She said, "[It is] as though',
    'deliver it to them. Then leave them and see what [answer]         it was it." [Solomon said], "And we were given knowledge',
    'they will return She said, "O eminent ones, indeed, to me         before her, and we have been Muslims [in submission to',
    'has been delivered a noble letter Indeed, it is from              Allah] And that which she was worshipping other than',
    "Solomon, and indeed, it reads: 'In the name of Allah, the         Allah had averted her [from submission to Him]. Indeed,",
    'Entirely Merciful, the Especially Merciful                        she was from a disbelieving people',
    'Be not haughty with me but come to me in submission [as           She was told, "Enter the palace." But when she saw it, she',
    'Muslims] She said, "O eminent ones, advise me in my               thought it was a body of water and uncovered her shins [to',
    'affair. I would not decide a matter until you witness [for]       wade through]. He said, "Indeed, it is a palace [whose',
    'me They said, "We are men of strength and of great                floor is] made smooth with glass." She said, "My Lord,',
    'military might, but the command is yours, so see what you         indeed I have wronged myself, and I submit with Solomon',
    'will command She said, "Indeed kings - when they enter a          to Allah, Lord of the worlds And We had certainly sent to',
    'city, they ruin it and render the honored of its people           Thamud their brother Salih, [saying], "Worship Allah," and',
    'humbled. And thus do they do                                      at once they were two parties conflicting He said, "O my',
    '                                                                  people, why are you impatient for evil instead of good?',
    'But indeed, I will send to them a gift and see with what',
    '                                                                  Why do you not seek forgiveness of Allah that you may',
    '[reply] the messengers will return So when they came to',
    '                                                                  receive mercy They said, "We consider you a bad omen,',
    'Solomon, he said, "Do you provide me with wealth? But',
    '                                                                  you and those with you." He said, "Your omen is with',
    'what Allah has given me is better than what He has given',
    '                                                                  Allah. Rather, you are a people being tested And there',
    'you. Rather, it is you who rejoice in your gift Return to',
    '                                                                  were in the city nine family heads causing corruption in',
    'them, for we will surely come to them with soldiers that',
    '                                                                  the land and not amending [its affairs] They said, "Take a',
    'they will be powerless to encounter, and we will surely',
    '                                                                  mutual oath by Allah that we will kill him by night, he and',
    'expel them therefrom in humiliation, and they will be',
    "                                                                  his family. Then we will say to his executor, 'We did not",
    'debased [Solomon] said, "O assembly [of jinn], which of',
    '                                                                  witness the destruction of his family, and indeed, we are',
    'you will bring me her throne before they come to me in',
    '                                                                  truthful',
    'submission A powerful one from among the jinn said, "I',
    'will bring it to you before you rise from your place, and         And they planned a plan, and We planned a plan, while',
    'indeed, I am for this [task] strong and trustworthy               they perceived not Then look how was the outcome of',
    '                                                                  their plan - that We destroyed them and their people, all So',
    'Said one who had knowledge from the Scripture, "I will',
    '                                                                  those are their houses, desolate because of the wrong they',
    'bring it to you before your glance returns to you." And',
    '                                                                  had done. Indeed in that is a sign for people who know',
    'when [Solomon] saw it placed before him, he said, "This is',
    'from the favor of my Lord to test me whether I will be            And We saved those who believed and used to fear Allah',
    'grateful or ungrateful. And whoever is grateful - his             And [mention] Lot, when he said to his people, "Do you',
    'gratitude is only for [the benefit of] himself. And whoever       commit immorality while you are seeing Do you indeed',
    'is ungrateful - then indeed, my Lord is Free of need and          approach men with desire instead of women? Rather, you',
    'Generous He said, "Disguise for her her throne; we will           are a people behaving ignorantly But the answer of his',
    '',
    '                                                              1',
]


def test_a_paragraph_across_both_columns_keeps_its_lines_and_its_short_last_line():
    # its last line ends before the gutter: it closes that paragraph, not open the left column
    pieces = reading_order(QURAN)
    texts = [t.strip() for _, t in pieces]
    last = texts.index("and the earth and knows what you conceal and what you declare")
    assert texts[last - 1].startswith("they do not prostrate to Allah") and texts[last + 1] == ""
    assert texts[texts.index("Allah - there is no deity except Him, Lord of the Great") - 1] == ""
    first = texts.index(texts[last - 9])
    assert "" not in texts[first:last]  # the lines of the paragraph across both columns stay together

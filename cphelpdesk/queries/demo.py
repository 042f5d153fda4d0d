"""Demo queries: a year of the helpdesk's work, shaped like the real service, built fast enough for 100k queries.

Everything comes from `context.rng` and `context.today`: the same seed, scale and as-of day give the same data.
Rows are built in memory and written with `bulk_create` in chunks (no per-query actions), but every field is
computed the way the actions would set it: references numbered per year as `actions.next_reference` does, the
desk from `routing.desk_for`, the SLA class from `routing.sla_class_for`, due dates on the desk's `WorkCalendar`
from the `SLATarget` rows, moved by pauses as `actions._set_status` moves them. No attachments (no files).
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from cphelpdesk.core.sensitivity import Sensitivity
from cphelpdesk.directory.demo import CITIES, DEMO_DOMAIN
from cphelpdesk.directory.models import Approval, Country, Desk, FocalPoint, Member, Region
from cphelpdesk.directory.roles import Role
from cphelpdesk.queries import routing
from cphelpdesk.queries.indexing import KIND
from cphelpdesk.queries.models import (
    PAUSED_STATUSES,
    Assignment,
    Channel,
    Gap,
    Message,
    Outcome,
    Query,
    QueryEvent,
    ReferenceCounter,
    Referral,
    SLATarget,
    Status,
    Urgency,
)
from cphelpdesk.queries.reminders import WARNING_WINDOW
from cphelpdesk.queries.working_time import WorkCalendar
from cphelpdesk.search.index import rebuild
from cphelpdesk.taxonomy.models import Topic

QUERIES_PER_YEAR = 480  # at scale 1, as the real helpdesk receives
CHUNK = 2000  # queries built and written at a time (bounded memory at any scale)
BATCH = 2000  # rows per bulk_create batch
COUNTRIES_WITHOUT_QUERIES = 3  # countries with a group and no query: the outreach list
NATIONAL_OR_LOCAL_SHARE = 0.3  # requesters picked among national and local organisations' members first
LANGUAGES = ("en", "fr", "es", "ar")
# Countries whose members ask most (as in the directory demo).
BUSY_COUNTRIES = {"CD", "NG", "SS", "SO", "SY", "YE", "AF", "BD", "CO", "UA", "SD", "ET"}
# Hours from UTC of the region's working day (requesters write in their daytime).
REGION_UTC_OFFSET = {"wca": 0, "esa": 3, "mena": 3, "sa": 5, "eap": 7, "lac": -5, "eca": 2}
MONTH_WEIGHT = {1: 1.0, 2: 1.1, 3: 1.15, 4: 1.05, 5: 1.0, 6: 0.95, 7: 0.85, 8: 0.7, 9: 1.0, 10: 1.15, 11: 1.2,
                12: 0.8}
WEEKDAY_WEIGHT = (1.0, 1.05, 1.0, 1.0, 0.9, 0.3, 0.3)
CHANNEL_WEIGHTS = {Channel.EMAIL: 44, Channel.WEB: 38, Channel.LIST: 6, Channel.CHAT: 5, Channel.API: 2,
                   Channel.STAFF: 5}
PT_COUNTRY_NAMES = {"MZ": "Moçambique", "MW": "Malawi", "ZW": "Zimbabué", "KE": "Quénia", "SO": "Somália",
                    "ET": "Etiópia", "SS": "Sudão do Sul", "MG": "Madagáscar", "BI": "Burundi"}


# --- what people ask ------------------------------------------------------------------------------
# An ask: (primary topic, service type, weight, {language: (subject, question)}, extra topic or None).
# Portuguese only for the families Mozambique's coordinators ask about most; others fall back to English.

ASKS = {
    "CAPB": [
        ("CAPB.TRAIN", "training_request", 1.3, {
            "en": ("Training of trainers on child protection in emergencies", "Could the helpdesk support a training of trainers on child protection in emergencies for our partners? About 25 participants from national NGOs and government would take part."),
            "fr": ("Formation de formateurs sur la protection de l'enfance en situation d'urgence", "Le helpdesk pourrait-il appuyer une formation de formateurs sur la protection de l'enfance en situation d'urgence pour nos partenaires ? Environ 25 participants d'ONG nationales et du gouvernement y prendraient part."),
            "es": ("Formación de formadores en protección de la niñez en emergencias", "¿Podría el servicio de ayuda apoyar una formación de formadores en protección de la niñez en emergencias para nuestros socios? Participarían unas 25 personas de ONG nacionales y del gobierno."),
            "ar": ("تدريب مدربين حول حماية الطفل في حالات الطوارئ", "هل يمكن لمكتب المساعدة دعم تدريب للمدربين حول حماية الطفل في حالات الطوارئ لشركائنا؟ سيشارك حوالي 25 مشاركاً من المنظمات الوطنية والجهات الحكومية."),
            "pt": ("Formação de formadores em proteção da criança em emergências", "O helpdesk poderia apoiar uma formação de formadores em proteção da criança em emergências para os nossos parceiros? Participariam cerca de 25 pessoas de ONG nacionais e do governo."),
        }, None),
        ("CAPB.PATH", "question", 2.5, {
            "en": ("Onboarding package for new sub-national coordinators", "Is there a recommended learning pathway or onboarding package for newly appointed sub-national coordinators?"),
            "fr": ("Parcours d'intégration pour les nouveaux coordonnateurs sous-nationaux", "Existe-t-il un parcours d'apprentissage ou un kit d'intégration recommandé pour les coordonnateurs sous-nationaux nouvellement nommés ?"),
            "es": ("Paquete de inducción para nuevos coordinadores subnacionales", "¿Existe una ruta de aprendizaje o un paquete de inducción recomendado para los coordinadores subnacionales recién nombrados?"),
            "ar": ("حزمة تعريفية للمنسقين دون الوطنيين الجدد", "هل يوجد مسار تعلّم أو حزمة تعريفية موصى بها للمنسقين دون الوطنيين المعيّنين حديثاً؟"),
            "pt": ("Pacote de integração para novos coordenadores subnacionais", "Existe um percurso de aprendizagem ou pacote de integração recomendado para coordenadores subnacionais recém-nomeados?"),
        }, None),
        ("CAPB.TRAIN", "tool_request", 1.2, {
            "en": ("Training package on case management for caseworkers", "We are looking for an up-to-date training package on case management for caseworkers, ideally with facilitator notes and pre- and post-tests."),
            "fr": ("Module de formation sur la gestion de cas pour les travailleurs sociaux", "Nous cherchons un module de formation à jour sur la gestion de cas pour les travailleurs sociaux, idéalement avec des notes pour les facilitateurs et des pré- et post-tests."),
            "es": ("Paquete de capacitación en gestión de casos para trabajadores sociales", "Buscamos un paquete de capacitación actualizado sobre gestión de casos para trabajadores sociales, idealmente con notas para facilitadores y pruebas previas y posteriores."),
            "ar": ("حزمة تدريبية حول إدارة الحالات للعاملين الاجتماعيين", "نبحث عن حزمة تدريبية محدّثة حول إدارة الحالات للعاملين الاجتماعيين، ويفضّل أن تتضمن ملاحظات للميسّرين واختبارات قبلية وبعدية."),
            "pt": ("Pacote de formação em gestão de casos para técnicos", "Procuramos um pacote de formação atualizado sobre gestão de casos para técnicos de casos, idealmente com notas para facilitadores e testes antes e depois."),
        }, "THEM.CM"),
        ("CAPB.WORK", "question", 1.5, {
            "en": ("Mapping the child protection workforce", "How have other coordination groups mapped the child protection workforce, and is there a template for a partner capacity survey?"),
            "fr": ("Cartographie des effectifs de la protection de l'enfance", "Comment d'autres groupes de coordination ont-ils cartographié les effectifs de la protection de l'enfance, et existe-t-il un modèle d'enquête sur les capacités des partenaires ?"),
            "es": ("Mapeo de la fuerza laboral de protección de la niñez", "¿Cómo han mapeado otros grupos de coordinación la fuerza laboral de protección de la niñez? ¿Existe una plantilla de encuesta sobre las capacidades de los socios?"),
            "ar": ("رسم خريطة القوى العاملة في مجال حماية الطفل", "كيف قامت مجموعات تنسيق أخرى برسم خريطة القوى العاملة في مجال حماية الطفل، وهل يوجد نموذج لاستبيان قدرات الشركاء؟"),
            "pt": ("Mapeamento da força de trabalho de proteção da criança", "Como outros grupos de coordenação mapearam a força de trabalho de proteção da criança, e existe um modelo de inquérito sobre as capacidades dos parceiros?"),
        }, None),
        ("CAPB", "remote_support", 0.9, {
            "en": ("Support to run a capacity needs assessment", "Could someone support us remotely to design and facilitate a capacity needs assessment of our partners?"),
            "fr": ("Appui pour une évaluation des besoins en renforcement des capacités", "Quelqu'un pourrait-il nous appuyer à distance pour concevoir et animer une évaluation des besoins en capacités de nos partenaires ?"),
            "es": ("Apoyo para una evaluación de necesidades de capacidades", "¿Alguien podría apoyarnos a distancia para diseñar y facilitar una evaluación de necesidades de capacidades de nuestros socios?"),
            "ar": ("دعم لإجراء تقييم لاحتياجات بناء القدرات", "هل يمكن لأحد دعمنا عن بُعد في تصميم وتيسير تقييم لاحتياجات بناء قدرات شركائنا؟"),
            "pt": ("Apoio para uma avaliação de necessidades de capacitação", "Alguém poderia apoiar-nos à distância para conceber e facilitar uma avaliação das necessidades de capacitação dos nossos parceiros?"),
        }, None),
    ],
    "AME": [
        ("AME.RA", "question", 3, {
            "en": ("Child protection rapid assessment: tool and sampling", "We are planning a child protection rapid assessment. Which version of the tool do you recommend, and how should we select key informants?"),
            "fr": ("Évaluation rapide de la protection de l'enfance : outil et échantillonnage", "Nous préparons une évaluation rapide de la protection de l'enfance. Quelle version de l'outil recommandez-vous et comment sélectionner les informateurs clés ?"),
            "es": ("Evaluación rápida de protección de la niñez: herramienta y muestreo", "Estamos planificando una evaluación rápida de protección de la niñez. ¿Qué versión de la herramienta recomiendan y cómo debemos seleccionar a los informantes clave?"),
            "ar": ("التقييم السريع لحماية الطفل: الأداة وأخذ العينات", "نخطط لإجراء تقييم سريع لحماية الطفل. ما هي نسخة الأداة التي توصون بها، وكيف ينبغي اختيار المخبرين الرئيسيين؟"),
            "pt": ("Avaliação rápida de proteção da criança: ferramenta e amostragem", "Estamos a planear uma avaliação rápida de proteção da criança. Que versão da ferramenta recomendam e como devemos selecionar os informantes-chave?"),
        }, None),
        ("AME.SDR", "document_review", 2.5, {
            "en": ("Review of our secondary data review", "Could you review our draft secondary data review before we share it with the protection cluster? We want to check that the analysis follows the guidance."),
            "fr": ("Relecture de notre revue des données secondaires", "Pourriez-vous relire notre projet de revue des données secondaires avant que nous le partagions avec le cluster protection ? Nous voulons vérifier que l'analyse suit les orientations."),
            "es": ("Revisión de nuestra revisión de datos secundarios", "¿Podrían revisar nuestro borrador de revisión de datos secundarios antes de compartirlo con el clúster de protección? Queremos comprobar que el análisis sigue la guía."),
            "ar": ("مراجعة تحليل البيانات الثانوية الخاص بنا", "هل يمكنكم مراجعة مسودة مراجعة البيانات الثانوية قبل مشاركتها مع مجموعة الحماية؟ نريد التأكد من أن التحليل يتبع الإرشادات."),
            "pt": ("Revisão da nossa revisão de dados secundários", "Poderiam rever o nosso rascunho de revisão de dados secundários antes de o partilharmos com o cluster de proteção? Queremos confirmar que a análise segue as orientações."),
        }, None),
        ("AME.IND", "question", 2, {
            "en": ("CPMS indicators for our monitoring framework", "Which CPMS indicators would you suggest for our response monitoring framework, and how are they usually disaggregated?"),
            "fr": ("Indicateurs des Standards minimums pour notre cadre de suivi", "Quels indicateurs des Standards minimums suggéreriez-vous pour notre cadre de suivi de la réponse, et comment sont-ils habituellement désagrégés ?"),
            "es": ("Indicadores de las Normas mínimas para nuestro marco de monitoreo", "¿Qué indicadores de las Normas mínimas sugieren para nuestro marco de monitoreo de la respuesta y cómo suelen desagregarse?"),
            "ar": ("مؤشرات المعايير الدنيا لإطار الرصد لدينا", "ما هي مؤشرات المعايير الدنيا لحماية الطفل التي تقترحونها لإطار رصد الاستجابة لدينا، وكيف يتم تصنيفها عادةً؟"),
            "pt": ("Indicadores das Normas Mínimas para o nosso quadro de monitoria", "Que indicadores das Normas Mínimas sugerem para o nosso quadro de monitoria da resposta, e como são habitualmente desagregados?"),
        }, None),
        ("AME", "research", 3.5, {
            "en": ("Evidence on community-based child protection mechanisms", "Is there recent evidence on the effectiveness of community-based child protection mechanisms in displacement settings?"),
            "fr": ("Données probantes sur les mécanismes communautaires de protection de l'enfance", "Existe-t-il des données récentes sur l'efficacité des mécanismes communautaires de protection de l'enfance dans les contextes de déplacement ?"),
            "es": ("Evidencia sobre mecanismos comunitarios de protección de la niñez", "¿Existe evidencia reciente sobre la eficacia de los mecanismos comunitarios de protección de la niñez en contextos de desplazamiento?"),
            "ar": ("الأدلة حول آليات حماية الطفل المجتمعية", "هل توجد أدلة حديثة حول فعالية آليات حماية الطفل المجتمعية في سياقات النزوح؟"),
            "pt": ("Evidências sobre mecanismos comunitários de proteção da criança", "Existem evidências recentes sobre a eficácia dos mecanismos comunitários de proteção da criança em contextos de deslocamento?"),
        }, "AME.SDR"),
        ("AME.MSNA", "question", 1.5, {
            "en": ("Child protection questions in the MSNA", "Which child protection questions should we propose for the multi-sector needs assessment, and how were they analysed in other countries?"),
            "fr": ("Questions de protection de l'enfance dans la MSNA", "Quelles questions de protection de l'enfance devrions-nous proposer pour l'évaluation multisectorielle des besoins, et comment ont-elles été analysées dans d'autres pays ?"),
            "es": ("Preguntas de protección de la niñez en la MSNA", "¿Qué preguntas de protección de la niñez deberíamos proponer para la evaluación multisectorial de necesidades y cómo se analizaron en otros países?"),
            "ar": ("أسئلة حماية الطفل في التقييم متعدد القطاعات للاحتياجات", "ما هي أسئلة حماية الطفل التي ينبغي أن نقترحها للتقييم متعدد القطاعات للاحتياجات، وكيف تم تحليلها في بلدان أخرى؟"),
            "pt": ("Perguntas de proteção da criança na MSNA", "Que perguntas de proteção da criança devemos propor para a avaliação multissetorial de necessidades, e como foram analisadas noutros países?"),
        }, None),
        ("AME.RA", "tool_request", 1, {
            "en": ("Data collection tools for a child protection situation analysis", "Do you have data collection tools (focus group and key informant guides) for a child protection situation analysis?"),
            "fr": ("Outils de collecte pour une analyse de situation de la protection de l'enfance", "Disposez-vous d'outils de collecte (guides de groupes de discussion et d'entretiens avec des informateurs clés) pour une analyse de situation de la protection de l'enfance ?"),
            "es": ("Herramientas de recolección para un análisis de situación de protección de la niñez", "¿Tienen herramientas de recolección de datos (guías de grupos focales y de informantes clave) para un análisis de situación de protección de la niñez?"),
            "ar": ("أدوات جمع البيانات لتحليل وضع حماية الطفل", "هل لديكم أدوات لجمع البيانات (أدلة لمجموعات النقاش المركزة والمقابلات مع المخبرين الرئيسيين) لتحليل وضع حماية الطفل؟"),
            "pt": ("Ferramentas de recolha para uma análise situacional de proteção da criança", "Têm ferramentas de recolha de dados (guias de grupos focais e de informantes-chave) para uma análise situacional de proteção da criança?"),
        }, None),
    ],
    "COORD": [
        ("COORD.TOR", "document_review", 3.5, {
            "en": ("Terms of reference for our coordination group", "We are revising the terms of reference of our coordination group. Could you review the draft and share examples from other countries?"),
            "fr": ("Termes de référence de notre groupe de coordination", "Nous révisons les termes de référence de notre groupe de coordination. Pourriez-vous relire le projet et partager des exemples d'autres pays ?"),
            "es": ("Términos de referencia de nuestro grupo de coordinación", "Estamos revisando los términos de referencia de nuestro grupo de coordinación. ¿Podrían revisar el borrador y compartir ejemplos de otros países?"),
            "ar": ("الاختصاصات الخاصة بمجموعة التنسيق لدينا", "نقوم بمراجعة الاختصاصات الخاصة بمجموعة التنسيق لدينا. هل يمكنكم مراجعة المسودة ومشاركة أمثلة من بلدان أخرى؟"),
            "pt": ("Termos de referência do nosso grupo de coordenação", "Estamos a rever os termos de referência do nosso grupo de coordenação. Poderiam rever o rascunho e partilhar exemplos de outros países?"),
        }, None),
        ("COORD.SUBNAT", "question", 2, {
            "en": ("Activating a sub-national coordination group", "The situation in {place} is deteriorating. What are the steps and criteria to activate a sub-national child protection coordination group?"),
            "fr": ("Activation d'un groupe de coordination sous-national", "La situation à {place} se dégrade. Quelles sont les étapes et les critères pour activer un groupe de coordination sous-national de la protection de l'enfance ?"),
            "es": ("Activación de un grupo de coordinación subnacional", "La situación en {place} se está deteriorando. ¿Cuáles son los pasos y criterios para activar un grupo subnacional de coordinación de protección de la niñez?"),
            "ar": ("تفعيل مجموعة تنسيق دون وطنية", "الوضع في {place} يتدهور. ما هي الخطوات والمعايير لتفعيل مجموعة تنسيق دون وطنية لحماية الطفل؟"),
            "pt": ("Ativação de um grupo de coordenação subnacional", "A situação em {place} está a deteriorar-se. Quais são os passos e critérios para ativar um grupo subnacional de coordenação de proteção da criança?"),
        }, None),
        ("COORD.LEAD", "question", 1.5, {
            "en": ("Government co-leadership of the coordination group", "How have other countries organised co-leadership with the government ministry, and what should a transition plan include?"),
            "fr": ("Co-leadership du groupe de coordination avec le gouvernement", "Comment d'autres pays ont-ils organisé le co-leadership avec le ministère, et que devrait contenir un plan de transition ?"),
            "es": ("Coliderazgo del grupo de coordinación con el gobierno", "¿Cómo han organizado otros países el coliderazgo con el ministerio y qué debería incluir un plan de transición?"),
            "ar": ("القيادة المشتركة لمجموعة التنسيق مع الحكومة", "كيف نظّمت بلدان أخرى القيادة المشتركة مع الوزارة المعنية، وماذا ينبغي أن تتضمن خطة الانتقال؟"),
            "pt": ("Coliderança do grupo de coordenação com o governo", "Como é que outros países organizaram a coliderança com o ministério, e o que deve incluir um plano de transição?"),
        }, None),
        ("COORD.PREP", "tool_request", 1, {
            "en": ("Template for a child protection contingency plan", "Do you have a template for a child protection contingency plan ahead of the rainy season?"),
            "fr": ("Modèle de plan de contingence pour la protection de l'enfance", "Avez-vous un modèle de plan de contingence pour la protection de l'enfance avant la saison des pluies ?"),
            "es": ("Plantilla de plan de contingencia de protección de la niñez", "¿Tienen una plantilla de plan de contingencia de protección de la niñez antes de la temporada de lluvias?"),
            "ar": ("نموذج لخطة طوارئ لحماية الطفل", "هل لديكم نموذج لخطة طوارئ لحماية الطفل استعداداً لموسم الأمطار؟"),
            "pt": ("Modelo de plano de contingência de proteção da criança", "Têm um modelo de plano de contingência de proteção da criança antes da época das chuvas?"),
        }, None),
        ("COORD.FUND", "question", 1, {
            "en": ("Pooled fund allocation: child protection priorities", "How can national partners prepare for the next pooled fund allocation, and which child protection priorities worked well in other allocations?"),
            "fr": ("Allocation du fonds commun : priorités de protection de l'enfance", "Comment les partenaires nationaux peuvent-ils se préparer à la prochaine allocation du fonds commun, et quelles priorités de protection de l'enfance ont bien fonctionné ailleurs ?"),
            "es": ("Asignación del fondo común: prioridades de protección de la niñez", "¿Cómo pueden los socios nacionales prepararse para la próxima asignación del fondo común y qué prioridades de protección de la niñez funcionaron bien en otras asignaciones?"),
            "ar": ("تخصيص الصندوق المشترك: أولويات حماية الطفل", "كيف يمكن للشركاء الوطنيين الاستعداد للتخصيص القادم من الصندوق المشترك، وما هي أولويات حماية الطفل التي نجحت في تخصيصات أخرى؟"),
            "pt": ("Alocação do fundo comum: prioridades de proteção da criança", "Como podem os parceiros nacionais preparar-se para a próxima alocação do fundo comum, e que prioridades de proteção da criança funcionaram bem noutras alocações?"),
        }, None),
        ("COORD.LOCAL", "question", 1, {
            "en": ("Including local organisations in the strategic advisory group", "How can we better include local organisations in the strategic advisory group of our coordination group?"),
            "fr": ("Inclure les organisations locales dans le groupe consultatif stratégique", "Comment mieux inclure les organisations locales dans le groupe consultatif stratégique de notre groupe de coordination ?"),
            "es": ("Inclusión de organizaciones locales en el grupo asesor estratégico", "¿Cómo podemos incluir mejor a las organizaciones locales en el grupo asesor estratégico de nuestro grupo de coordinación?"),
            "ar": ("إشراك المنظمات المحلية في المجموعة الاستشارية الاستراتيجية", "كيف يمكننا إشراك المنظمات المحلية بشكل أفضل في المجموعة الاستشارية الاستراتيجية لمجموعة التنسيق لدينا؟"),
            "pt": ("Inclusão de organizações locais no grupo consultivo estratégico", "Como podemos incluir melhor as organizações locais no grupo consultivo estratégico do nosso grupo de coordenação?"),
        }, None),
        ("COORD.ACT", "deployment_request", 1, {
            "en": ("Request for a rapid response coordinator", "We request the deployment of a rapid response coordinator for about three months to support the response in {place}."),
            "fr": ("Demande de déploiement d'un coordonnateur de réponse rapide", "Nous demandons le déploiement d'un coordonnateur de réponse rapide pour environ trois mois afin d'appuyer la réponse à {place}."),
            "es": ("Solicitud de un coordinador de respuesta rápida", "Solicitamos el despliegue de un coordinador de respuesta rápida durante unos tres meses para apoyar la respuesta en {place}."),
            "ar": ("طلب نشر منسق للاستجابة السريعة", "نطلب نشر منسق للاستجابة السريعة لمدة ثلاثة أشهر تقريباً لدعم الاستجابة في {place}."),
            "pt": ("Pedido de um coordenador de resposta rápida", "Solicitamos o destacamento de um coordenador de resposta rápida por cerca de três meses para apoiar a resposta em {place}."),
        }, None),
        ("COORD.INTER", "question", 0.7, {
            "en": ("Working with the GBV AoR on shared services", "How should the child protection and GBV coordination groups divide responsibilities for services for adolescent girls?"),
            "fr": ("Collaboration avec le domaine de responsabilité VBG", "Comment les groupes de coordination de la protection de l'enfance et de la VBG devraient-ils se répartir les responsabilités pour les services aux adolescentes ?"),
            "es": ("Trabajo con el AdR de VBG en servicios compartidos", "¿Cómo deberían los grupos de coordinación de protección de la niñez y de VBG dividir las responsabilidades en los servicios para adolescentes mujeres?"),
            "ar": ("العمل مع مجال مسؤولية العنف القائم على النوع الاجتماعي", "كيف ينبغي لمجموعتي تنسيق حماية الطفل والعنف القائم على النوع الاجتماعي تقسيم المسؤوليات بشأن الخدمات المقدمة للفتيات المراهقات؟"),
            "pt": ("Trabalho com a AdR de VBG em serviços partilhados", "Como devem os grupos de coordenação de proteção da criança e de VBG dividir as responsabilidades nos serviços para raparigas adolescentes?"),
        }, None),
    ],
    "CPMS": [
        ("CPMS", "question", 3, {
            "en": ("Contextualising the CPMS", "We would like to contextualise the Minimum Standards for Child Protection in Humanitarian Action. How should we organise the process and who should take part?"),
            "fr": ("Contextualisation des Standards minimums", "Nous souhaitons contextualiser les Standards minimums pour la protection de l'enfance dans l'action humanitaire. Comment organiser le processus et qui devrait y participer ?"),
            "es": ("Contextualización de las Normas mínimas", "Queremos contextualizar las Normas mínimas para la protección de la niñez y adolescencia en la acción humanitaria. ¿Cómo organizamos el proceso y quién debería participar?"),
            "ar": ("تكييف المعايير الدنيا لحماية الطفل مع السياق المحلي", "نرغب في تكييف المعايير الدنيا لحماية الطفل في العمل الإنساني مع سياقنا. كيف ننظّم هذه العملية ومن ينبغي أن يشارك فيها؟"),
            "pt": ("Contextualização das Normas Mínimas", "Gostaríamos de contextualizar as Normas Mínimas para a Proteção da Criança na Ação Humanitária. Como devemos organizar o processo e quem deve participar?"),
        }, None),
        ("CPMS", "training_request", 0.8, {
            "en": ("CPMS orientation for partners", "Could the helpdesk support an orientation session on the CPMS for partners and government staff?"),
            "fr": ("Orientation sur les Standards minimums pour les partenaires", "Le helpdesk pourrait-il appuyer une session d'orientation sur les Standards minimums pour les partenaires et le personnel du gouvernement ?"),
            "es": ("Orientación sobre las Normas mínimas para socios", "¿Podría el servicio de ayuda apoyar una sesión de orientación sobre las Normas mínimas para socios y personal del gobierno?"),
            "ar": ("جلسة تعريفية بالمعايير الدنيا للشركاء", "هل يمكن لمكتب المساعدة دعم جلسة تعريفية بالمعايير الدنيا لحماية الطفل للشركاء والموظفين الحكوميين؟"),
            "pt": ("Orientação sobre as Normas Mínimas para parceiros", "O helpdesk poderia apoiar uma sessão de orientação sobre as Normas Mínimas para parceiros e funcionários do governo?"),
        }, None),
        ("CPMS", "question", 2, {
            "en": ("Applying the case management standard with few caseworkers", "How should we apply the CPMS standard on case management when there are very few trained caseworkers?"),
            "fr": ("Appliquer le standard sur la gestion de cas avec peu de travailleurs sociaux", "Comment appliquer le standard sur la gestion de cas lorsque très peu de travailleurs sociaux sont formés ?"),
            "es": ("Aplicar la norma de gestión de casos con pocos trabajadores sociales", "¿Cómo aplicar la norma de gestión de casos cuando hay muy pocos trabajadores sociales capacitados?"),
            "ar": ("تطبيق معيار إدارة الحالات مع قلة العاملين", "كيف نطبّق معيار إدارة الحالات ضمن المعايير الدنيا عندما يكون عدد العاملين المدرّبين في إدارة الحالات قليلاً جداً؟"),
            "pt": ("Aplicar a norma de gestão de casos com poucos técnicos", "Como devemos aplicar a norma de gestão de casos quando há muito poucos técnicos de casos formados?"),
        }, None),
        ("CPMS", "tool_request", 1, {
            "en": ("Printed CPMS and pocket guide in our language", "Is there a translated version of the CPMS and the pocket guide that we can print for partners?"),
            "fr": ("Version imprimable des Standards minimums et du guide de poche", "Existe-t-il une version traduite des Standards minimums et du guide de poche que nous pouvons imprimer pour les partenaires ?"),
            "es": ("Normas mínimas y guía de bolsillo para imprimir", "¿Existe una versión traducida de las Normas mínimas y de la guía de bolsillo que podamos imprimir para los socios?"),
            "ar": ("نسخة مطبوعة من المعايير الدنيا والدليل المختصر", "هل توجد نسخة مترجمة من المعايير الدنيا والدليل المختصر يمكننا طباعتها للشركاء؟"),
            "pt": ("Normas Mínimas e guia de bolso em português", "Existe uma versão traduzida das Normas Mínimas e do guia de bolso que possamos imprimir para os parceiros?"),
        }, None),
    ],
    "UASC": [
        ("THEM.UASC", "question", 2, {
            "en": ("Interim care for unaccompanied children at transit sites", "What interim care options are recommended for unaccompanied children arriving at transit sites, and which minimum standards apply?"),
            "fr": ("Prise en charge temporaire des enfants non accompagnés dans les sites de transit", "Quelles options de prise en charge temporaire sont recommandées pour les enfants non accompagnés arrivant dans les sites de transit, et quels standards minimums s'appliquent ?"),
            "es": ("Cuidado provisional de niñez no acompañada en sitios de tránsito", "¿Qué opciones de cuidado provisional se recomiendan para niñas y niños no acompañados que llegan a los sitios de tránsito y qué normas mínimas se aplican?"),
            "ar": ("الرعاية المؤقتة للأطفال غير المصحوبين في مواقع العبور", "ما هي خيارات الرعاية المؤقتة الموصى بها للأطفال غير المصحوبين الذين يصلون إلى مواقع العبور، وما المعايير الدنيا التي تنطبق؟"),
            "pt": ("Cuidados provisórios para crianças não acompanhadas em locais de trânsito", "Que opções de cuidados provisórios são recomendadas para crianças não acompanhadas que chegam aos locais de trânsito, e que normas mínimas se aplicam?"),
        }, "THEM.ALTCARE"),
        ("THEM.UASC", "tool_request", 1, {
            "en": ("Inter-agency registration form for separated children", "Could you share the inter-agency registration form for unaccompanied and separated children and guidance on using it?"),
            "fr": ("Formulaire interagences d'enregistrement des enfants séparés", "Pourriez-vous partager le formulaire interagences d'enregistrement des enfants non accompagnés et séparés, ainsi que des orientations sur son utilisation ?"),
            "es": ("Formulario interagencial de registro de niñez separada", "¿Podrían compartir el formulario interagencial de registro de niñas y niños no acompañados y separados y orientaciones para su uso?"),
            "ar": ("استمارة التسجيل المشتركة بين الوكالات للأطفال المنفصلين", "هل يمكنكم مشاركة استمارة التسجيل المشتركة بين الوكالات للأطفال غير المصحوبين والمنفصلين عن ذويهم مع إرشادات استخدامها؟"),
            "pt": ("Formulário interagências de registo de crianças separadas", "Poderiam partilhar o formulário interagências de registo de crianças não acompanhadas e separadas e orientações sobre a sua utilização?"),
        }, None),
        ("THEM.FTR", "question", 2, {
            "en": ("Cross-border family tracing and reunification", "How can family tracing and reunification be coordinated with partners across the border, and who usually leads it?"),
            "fr": ("Recherche et réunification familiales transfrontalières", "Comment coordonner la recherche et la réunification familiales avec les partenaires de l'autre côté de la frontière, et qui en assure généralement la direction ?"),
            "es": ("Búsqueda y reunificación familiar transfronteriza", "¿Cómo se puede coordinar la búsqueda y reunificación familiar con los socios al otro lado de la frontera y quién suele liderarla?"),
            "ar": ("البحث عن الأسر ولمّ شملها عبر الحدود", "كيف يمكن تنسيق البحث عن الأسر ولمّ شملها مع الشركاء عبر الحدود، ومن يتولى القيادة عادةً؟"),
            "pt": ("Localização e reunificação familiar transfronteiriça", "Como se pode coordenar a localização e reunificação familiar com parceiros do outro lado da fronteira, e quem costuma liderar?"),
        }, None),
        ("THEM.UASC", "document_review", 1.5, {
            "en": ("Review of our SOPs for unaccompanied and separated children", "Please could you review our draft standard operating procedures for unaccompanied and separated children?"),
            "fr": ("Relecture de nos procédures opérationnelles pour les enfants non accompagnés et séparés", "Pourriez-vous relire notre projet de procédures opérationnelles standard pour les enfants non accompagnés et séparés ?"),
            "es": ("Revisión de nuestros POE para niñez no acompañada y separada", "¿Podrían revisar nuestro borrador de procedimientos operativos estándar para niñas y niños no acompañados y separados?"),
            "ar": ("مراجعة إجراءات التشغيل الموحدة للأطفال غير المصحوبين والمنفصلين", "هل يمكنكم مراجعة مسودة إجراءات التشغيل الموحدة الخاصة بالأطفال غير المصحوبين والمنفصلين عن ذويهم؟"),
            "pt": ("Revisão dos nossos POP para crianças não acompanhadas e separadas", "Poderiam rever o nosso rascunho de procedimentos operacionais padrão para crianças não acompanhadas e separadas?"),
        }, None),
    ],
    "CPIMS": [
        ("IM.CPIMS", "question", 2, {
            "en": ("Moving from CPIMS to Primero", "We plan to move from the old CPIMS to Primero. What are the steps, and how long did the transition take in other countries?"),
            "fr": ("Passage du CPIMS à Primero", "Nous prévoyons de passer de l'ancien CPIMS à Primero. Quelles sont les étapes et combien de temps la transition a-t-elle pris dans d'autres pays ?"),
            "es": ("Transición de CPIMS a Primero", "Planeamos pasar del antiguo CPIMS a Primero. ¿Cuáles son los pasos y cuánto tiempo tomó la transición en otros países?"),
            "ar": ("الانتقال من نظام CPIMS إلى Primero", "نخطط للانتقال من نظام CPIMS القديم إلى Primero. ما هي الخطوات، وكم استغرق الانتقال في بلدان أخرى؟"),
            "pt": ("Transição do CPIMS para o Primero", "Planeamos passar do antigo CPIMS para o Primero. Quais são os passos e quanto tempo demorou a transição noutros países?"),
        }, None),
        ("IM.CPIMS", "remote_support", 1.1, {
            "en": ("User roles and data protection settings in CPIMS+", "Could someone support us remotely to configure user roles and data protection settings in CPIMS+?"),
            "fr": ("Rôles des utilisateurs et protection des données dans CPIMS+", "Quelqu'un pourrait-il nous aider à distance à configurer les rôles des utilisateurs et les paramètres de protection des données dans CPIMS+ ?"),
            "es": ("Roles de usuario y protección de datos en CPIMS+", "¿Alguien podría apoyarnos a distancia para configurar los roles de usuario y la protección de datos en CPIMS+?"),
            "ar": ("أدوار المستخدمين وإعدادات حماية البيانات في CPIMS+", "هل يمكن لأحد دعمنا عن بُعد في ضبط أدوار المستخدمين وإعدادات حماية البيانات في نظام CPIMS+؟"),
            "pt": ("Perfis de utilizador e proteção de dados no CPIMS+", "Alguém poderia apoiar-nos à distância a configurar os perfis de utilizador e a proteção de dados no CPIMS+?"),
        }, None),
        ("IM.CPIMS", "question", 1.5, {
            "en": ("Case management reports from Primero for the coordination group", "Which anonymised case management figures from Primero can be shared with the coordination group, and in what format?"),
            "fr": ("Rapports de gestion de cas de Primero pour le groupe de coordination", "Quels chiffres anonymisés de gestion de cas issus de Primero peuvent être partagés avec le groupe de coordination, et sous quel format ?"),
            "es": ("Informes de gestión de casos de Primero para el grupo de coordinación", "¿Qué cifras anonimizadas de gestión de casos de Primero se pueden compartir con el grupo de coordinación y en qué formato?"),
            "ar": ("تقارير إدارة الحالات من Primero لمجموعة التنسيق", "ما هي أرقام إدارة الحالات مجهولة الهوية من نظام Primero التي يمكن مشاركتها مع مجموعة التنسيق، وبأي صيغة؟"),
            "pt": ("Relatórios de gestão de casos do Primero para o grupo de coordenação", "Que números anonimizados de gestão de casos do Primero podem ser partilhados com o grupo de coordenação, e em que formato?"),
        }, "IM.ISP"),
    ],
    "IM": [
        ("IM.4W", "tool_request", 1.5, {
            "en": ("5W template and child protection service mapping", "Do you have a 5W template and guidance for mapping child protection services?"),
            "fr": ("Modèle de 5W et cartographie des services", "Avez-vous un modèle de 5W et des orientations pour cartographier les services de protection de l'enfance ?"),
            "es": ("Plantilla 5W y mapeo de servicios", "¿Tienen una plantilla 5W y orientaciones para mapear los servicios de protección de la niñez?"),
            "ar": ("نموذج 5W ورسم خريطة الخدمات", "هل لديكم نموذج 5W وإرشادات لرسم خريطة خدمات حماية الطفل؟"),
        }, None),
        ("IM.DASH", "question", 1, {
            "en": ("Dashboard of child protection indicators", "We want to build a dashboard of child protection indicators for partners. Are there examples from other coordination groups?"),
            "fr": ("Tableau de bord des indicateurs de protection de l'enfance", "Nous voulons créer un tableau de bord des indicateurs de protection de l'enfance pour les partenaires. Avez-vous des exemples d'autres groupes de coordination ?"),
            "es": ("Tablero de indicadores de protección de la niñez", "Queremos crear un tablero de indicadores de protección de la niñez para los socios. ¿Hay ejemplos de otros grupos de coordinación?"),
            "ar": ("لوحة متابعة لمؤشرات حماية الطفل", "نرغب في إنشاء لوحة متابعة لمؤشرات حماية الطفل للشركاء. هل توجد أمثلة من مجموعات تنسيق أخرى؟"),
        }, None),
        ("IM.ISP", "document_review", 1.5, {
            "en": ("Review of our information sharing protocol", "Please could you review our draft information sharing protocol between case management agencies?"),
            "fr": ("Relecture de notre protocole de partage d'informations", "Pourriez-vous relire notre projet de protocole de partage d'informations entre les agences de gestion de cas ?"),
            "es": ("Revisión de nuestro protocolo de intercambio de información", "¿Podrían revisar nuestro borrador de protocolo de intercambio de información entre las agencias de gestión de casos?"),
            "ar": ("مراجعة بروتوكول تبادل المعلومات", "هل يمكنكم مراجعة مسودة بروتوكول تبادل المعلومات بين الوكالات العاملة في إدارة الحالات؟"),
        }, None),
    ],
    "HPC": [
        ("HPC.HNO", "question", 2, {
            "en": ("Child protection severity and people in need for the HNO", "How should we calculate child protection severity and people in need for this year's humanitarian needs overview?"),
            "fr": ("Sévérité et personnes dans le besoin pour l'aperçu des besoins humanitaires", "Comment calculer la sévérité et le nombre de personnes dans le besoin en protection de l'enfance pour l'aperçu des besoins humanitaires de cette année ?"),
            "es": ("Severidad y personas con necesidades para el HNO", "¿Cómo debemos calcular la severidad y las personas con necesidades de protección de la niñez para el panorama de necesidades humanitarias de este año?"),
            "ar": ("شدة الاحتياجات وعدد المحتاجين للنظرة العامة على الاحتياجات الإنسانية", "كيف ينبغي حساب شدة احتياجات حماية الطفل وعدد الأشخاص المحتاجين للنظرة العامة على الاحتياجات الإنسانية لهذا العام؟"),
        }, None),
        ("HPC.HRP", "document_review", 2, {
            "en": ("Review of the child protection chapter of the response plan", "Could you review the child protection chapter of our humanitarian response plan before submission?"),
            "fr": ("Relecture du chapitre protection de l'enfance du plan de réponse", "Pourriez-vous relire le chapitre protection de l'enfance de notre plan de réponse humanitaire avant sa soumission ?"),
            "es": ("Revisión del capítulo de protección de la niñez del plan de respuesta", "¿Podrían revisar el capítulo de protección de la niñez de nuestro plan de respuesta humanitaria antes de enviarlo?"),
            "ar": ("مراجعة فصل حماية الطفل في خطة الاستجابة", "هل يمكنكم مراجعة فصل حماية الطفل في خطة الاستجابة الإنسانية قبل تقديمها؟"),
        }, None),
        ("HPC.MON", "question", 1, {
            "en": ("Response monitoring: reporting partner activities", "How should partners report their child protection activities for response monitoring, and how often?"),
            "fr": ("Suivi de la réponse : rapportage des activités des partenaires", "Comment les partenaires doivent-ils rapporter leurs activités de protection de l'enfance pour le suivi de la réponse, et à quelle fréquence ?"),
            "es": ("Monitoreo de la respuesta: reporte de actividades de socios", "¿Cómo deben los socios reportar sus actividades de protección de la niñez para el monitoreo de la respuesta y con qué frecuencia?"),
            "ar": ("رصد الاستجابة: إبلاغ الشركاء عن أنشطتهم", "كيف ينبغي للشركاء الإبلاغ عن أنشطة حماية الطفل لأغراض رصد الاستجابة، وبأي وتيرة؟"),
        }, None),
    ],
    "THEM": [
        ("THEM.CM", "question", 2, {
            "en": ("Case management when access is restricted", "How can caseworkers continue follow-up of children at risk when access to some areas is restricted?"),
            "fr": ("Gestion de cas en cas d'accès restreint", "Comment les travailleurs sociaux peuvent-ils poursuivre le suivi des enfants à risque lorsque l'accès à certaines zones est restreint ?"),
            "es": ("Gestión de casos con acceso restringido", "¿Cómo pueden los trabajadores sociales continuar el seguimiento de la niñez en riesgo cuando el acceso a algunas zonas está restringido?"),
            "ar": ("إدارة الحالات عند تقييد الوصول", "كيف يمكن للعاملين في إدارة الحالات مواصلة متابعة الأطفال المعرضين للخطر عندما يكون الوصول إلى بعض المناطق مقيداً؟"),
        }, None),
        ("THEM.MHPSS", "tool_request", 1, {
            "en": ("Psychosocial support activities for adolescents", "Do you have a structured package of psychosocial support activities for adolescents that volunteers can run?"),
            "fr": ("Activités de soutien psychosocial pour les adolescents", "Avez-vous un programme structuré d'activités de soutien psychosocial pour les adolescents qui puisse être animé par des bénévoles ?"),
            "es": ("Actividades de apoyo psicosocial para adolescentes", "¿Tienen un paquete estructurado de actividades de apoyo psicosocial para adolescentes que puedan facilitar personas voluntarias?"),
            "ar": ("أنشطة الدعم النفسي والاجتماعي للمراهقين", "هل لديكم حزمة منظمة من أنشطة الدعم النفسي والاجتماعي للمراهقين يمكن أن ينفذها المتطوعون؟"),
        }, None),
        ("THEM.CAAFAG", "question", 1, {
            "en": ("Reintegration of children released from armed groups", "What does the guidance recommend for community reintegration of children released from armed groups, and how should services be coordinated?"),
            "fr": ("Réintégration des enfants libérés des groupes armés", "Que recommandent les orientations pour la réintégration communautaire des enfants libérés des groupes armés, et comment coordonner les services ?"),
            "es": ("Reintegración de niñez liberada de grupos armados", "¿Qué recomiendan las orientaciones para la reintegración comunitaria de niñas y niños liberados de grupos armados y cómo coordinar los servicios?"),
            "ar": ("إعادة إدماج الأطفال المفرج عنهم من الجماعات المسلحة", "ما الذي توصي به الإرشادات لإعادة الإدماج المجتمعي للأطفال المفرج عنهم من الجماعات المسلحة، وكيف ينبغي تنسيق الخدمات؟"),
        }, None),
        ("THEM.ALTCARE", "question", 1, {
            "en": ("Supporting kinship care in emergencies", "What support should be given to kinship carers in an emergency, and how is it monitored?"),
            "fr": ("Soutenir la prise en charge par la famille élargie", "Quel soutien apporter aux familles d'accueil de la famille élargie en situation d'urgence, et comment en assurer le suivi ?"),
            "es": ("Apoyo al cuidado por familiares en emergencias", "¿Qué apoyo se debe dar a las familias de acogida extensa en una emergencia y cómo se monitorea?"),
            "ar": ("دعم الرعاية لدى الأقارب في حالات الطوارئ", "ما الدعم الذي ينبغي تقديمه للأقارب الذين يرعون الأطفال في حالات الطوارئ، وكيف تتم متابعته؟"),
        }, None),
        ("THEM.COMM", "question", 1, {
            "en": ("Community-based child protection committees", "How should community-based child protection committees be set up and supported so that they last after the project ends?"),
            "fr": ("Comités communautaires de protection de l'enfance", "Comment mettre en place et accompagner les comités communautaires de protection de l'enfance pour qu'ils perdurent après la fin du projet ?"),
            "es": ("Comités comunitarios de protección de la niñez", "¿Cómo se deben crear y acompañar los comités comunitarios de protección de la niñez para que perduren después del proyecto?"),
            "ar": ("لجان حماية الطفل المجتمعية", "كيف ينبغي إنشاء لجان حماية الطفل المجتمعية ودعمها بحيث تستمر بعد انتهاء المشروع؟"),
        }, None),
        ("THEM.LABOUR", "research", 2, {
            "en": ("Worst forms of child labour in mining areas", "Is there research or programme guidance on the worst forms of child labour in artisanal mining areas?"),
            "fr": ("Pires formes de travail des enfants dans les zones minières", "Existe-t-il des recherches ou des orientations programmatiques sur les pires formes de travail des enfants dans les zones d'orpaillage ?"),
            "es": ("Peores formas de trabajo infantil en zonas mineras", "¿Existen investigaciones u orientaciones programáticas sobre las peores formas de trabajo infantil en zonas de minería artesanal?"),
            "ar": ("أسوأ أشكال عمل الأطفال في مناطق التعدين", "هل توجد أبحاث أو إرشادات برامجية حول أسوأ أشكال عمل الأطفال في مناطق التعدين الحرفي؟"),
        }, None),
        ("THEM.SGBV", "question", 0.8, {
            "en": ("Referral pathway for child survivors of sexual violence", "How should the referral pathway for child survivors of sexual violence be agreed between the CP and GBV coordination groups?"),
            "fr": ("Circuit de référencement pour les enfants survivants de violences sexuelles", "Comment convenir du circuit de référencement des enfants survivants de violences sexuelles entre les groupes de coordination PE et VBG ?"),
            "es": ("Ruta de derivación para niñez sobreviviente de violencia sexual", "¿Cómo acordar la ruta de derivación para niñas y niños sobrevivientes de violencia sexual entre los grupos de coordinación de PN y VBG?"),
            "ar": ("مسار الإحالة للأطفال الناجين من العنف الجنسي", "كيف ينبغي الاتفاق على مسار الإحالة للأطفال الناجين من العنف الجنسي بين مجموعتي تنسيق حماية الطفل والعنف القائم على النوع الاجتماعي؟"),
        }, None),
    ],
    "XSECT": [
        ("XSECT.CASH", "question", 2, {
            "en": ("Child protection in cash assistance", "How can we integrate child protection into the cash assistance programme, and which risks should be monitored?"),
            "fr": ("Protection de l'enfance dans les transferts monétaires", "Comment intégrer la protection de l'enfance dans le programme de transferts monétaires, et quels risques faut-il suivre ?"),
            "es": ("Protección de la niñez en las transferencias monetarias", "¿Cómo podemos integrar la protección de la niñez en el programa de transferencias monetarias y qué riesgos se deben monitorear?"),
            "ar": ("حماية الطفل في برامج المساعدات النقدية", "كيف يمكننا دمج حماية الطفل في برنامج المساعدات النقدية، وما المخاطر التي ينبغي رصدها؟"),
        }, None),
        ("XSECT.EDU", "question", 1.5, {
            "en": ("Joint programming with the education cluster", "What joint activities with the education cluster have worked to keep children safe in and around schools?"),
            "fr": ("Programmation conjointe avec le cluster éducation", "Quelles activités conjointes avec le cluster éducation ont permis de protéger les enfants à l'école et aux alentours ?"),
            "es": ("Programación conjunta con el clúster de educación", "¿Qué actividades conjuntas con el clúster de educación han funcionado para proteger a la niñez en las escuelas y sus alrededores?"),
            "ar": ("البرمجة المشتركة مع مجموعة التعليم", "ما الأنشطة المشتركة مع مجموعة التعليم التي نجحت في الحفاظ على سلامة الأطفال في المدارس ومحيطها؟"),
        }, None),
        ("XSECT.CAMP", "question", 1, {
            "en": ("Child-friendly spaces in camp planning", "How much space should be planned for child-friendly spaces in the new camp extension, and who manages them?"),
            "fr": ("Espaces amis des enfants dans l'aménagement des camps", "Quelle surface prévoir pour les espaces amis des enfants dans l'extension du camp, et qui les gère ?"),
            "es": ("Espacios amigables para la niñez en la planificación de campamentos", "¿Cuánto espacio se debe prever para espacios amigables para la niñez en la ampliación del campamento y quién los gestiona?"),
            "ar": ("المساحات الصديقة للطفل في تخطيط المخيمات", "ما المساحة التي ينبغي تخصيصها للمساحات الصديقة للطفل في توسعة المخيم الجديدة، ومن يتولى إدارتها؟"),
        }, None),
        ("XSECT.NUTR", "question", 0.7, {
            "en": ("Child protection referrals from nutrition centres", "How can nutrition staff identify and refer children with protection concerns safely?"),
            "fr": ("Référencements depuis les centres de nutrition", "Comment le personnel de nutrition peut-il identifier et référer en toute sécurité les enfants présentant des préoccupations de protection ?"),
            "es": ("Derivaciones desde los centros de nutrición", "¿Cómo puede el personal de nutrición identificar y derivar de forma segura a la niñez con riesgos de protección?"),
            "ar": ("الإحالات من مراكز التغذية", "كيف يمكن لموظفي التغذية تحديد الأطفال الذين لديهم مخاوف تتعلق بالحماية وإحالتهم بأمان؟"),
        }, None),
        ("XSECT.HEALTH", "question", 0.7, {
            "en": ("Working with health facilities on child protection", "What minimum child protection training should health workers receive in the response?"),
            "fr": ("Collaboration avec les structures de santé", "Quelle formation minimale en protection de l'enfance les agents de santé devraient-ils recevoir dans la réponse ?"),
            "es": ("Trabajo con los servicios de salud", "¿Qué capacitación mínima en protección de la niñez deberían recibir los trabajadores de salud en la respuesta?"),
            "ar": ("العمل مع المرافق الصحية", "ما الحد الأدنى من التدريب على حماية الطفل الذي ينبغي أن يتلقاه العاملون الصحيون في الاستجابة؟"),
        }, None),
    ],
    "XCUT": [
        ("XCUT.MARRIAGE", "question", 1.5, {
            "en": ("Preventing child marriage in displacement", "Which interventions have shown results in preventing child marriage among displaced families?"),
            "fr": ("Prévenir le mariage d'enfants en situation de déplacement", "Quelles interventions ont montré des résultats pour prévenir le mariage d'enfants parmi les familles déplacées ?"),
            "es": ("Prevención del matrimonio infantil en desplazamiento", "¿Qué intervenciones han mostrado resultados para prevenir el matrimonio infantil en familias desplazadas?"),
            "ar": ("منع زواج الأطفال في سياقات النزوح", "ما التدخلات التي أظهرت نتائج في منع زواج الأطفال بين الأسر النازحة؟"),
        }, None),
        ("XCUT.DISAB", "tool_request", 1, {
            "en": ("Disability inclusion checklist for child protection", "Do you have a checklist for including children with disabilities in child protection programmes?"),
            "fr": ("Liste de contrôle pour l'inclusion du handicap", "Avez-vous une liste de contrôle pour inclure les enfants handicapés dans les programmes de protection de l'enfance ?"),
            "es": ("Lista de verificación de inclusión de la discapacidad", "¿Tienen una lista de verificación para incluir a la niñez con discapacidad en los programas de protección?"),
            "ar": ("قائمة مرجعية لدمج الأطفال ذوي الإعاقة", "هل لديكم قائمة مرجعية لدمج الأطفال ذوي الإعاقة في برامج حماية الطفل؟"),
        }, None),
        ("XCUT.PHE", "question", 1, {
            "en": ("Child protection during a cholera outbreak", "What child protection measures should we put in place during the cholera outbreak, especially for children separated during treatment?"),
            "fr": ("Protection de l'enfance pendant une épidémie de choléra", "Quelles mesures de protection de l'enfance mettre en place pendant l'épidémie de choléra, notamment pour les enfants séparés pendant le traitement ?"),
            "es": ("Protección de la niñez durante un brote de cólera", "¿Qué medidas de protección de la niñez debemos implementar durante el brote de cólera, especialmente para niñas y niños separados durante el tratamiento?"),
            "ar": ("حماية الطفل أثناء تفشي الكوليرا", "ما تدابير حماية الطفل التي ينبغي اتخاذها أثناء تفشي الكوليرا، خاصة للأطفال المنفصلين عن ذويهم أثناء العلاج؟"),
        }, None),
        ("XCUT.MOVE", "question", 1, {
            "en": ("Children on the move along the migration route", "How are other countries coordinating child protection services for children on the move along the migration route?"),
            "fr": ("Enfants en déplacement le long de la route migratoire", "Comment d'autres pays coordonnent-ils les services de protection pour les enfants en déplacement le long de la route migratoire ?"),
            "es": ("Niñez en movimiento a lo largo de la ruta migratoria", "¿Cómo coordinan otros países los servicios de protección para la niñez en movimiento a lo largo de la ruta migratoria?"),
            "ar": ("الأطفال المتنقلون على طول طريق الهجرة", "كيف تنسق بلدان أخرى خدمات حماية الطفل للأطفال المتنقلين على طول طريق الهجرة؟"),
        }, None),
        ("XCUT.PARTIC", "question", 0.8, {
            "en": ("Involving children in the coordination group's work", "How can we safely involve children and adolescents in the coordination group's needs analysis and planning?"),
            "fr": ("Participation des enfants aux travaux du groupe de coordination", "Comment associer en toute sécurité les enfants et les adolescents à l'analyse des besoins et à la planification du groupe de coordination ?"),
            "es": ("Participación de la niñez en el trabajo del grupo de coordinación", "¿Cómo podemos involucrar de forma segura a niñas, niños y adolescentes en el análisis de necesidades y la planificación del grupo de coordinación?"),
            "ar": ("إشراك الأطفال في عمل مجموعة التنسيق", "كيف يمكننا إشراك الأطفال والمراهقين بأمان في تحليل الاحتياجات والتخطيط لمجموعة التنسيق؟"),
        }, None),
        ("XCUT.PSEA", "document_review", 1.2, {
            "en": ("Review of the PSEA clauses in our partner agreements", "Could you review the safeguarding and PSEA clauses we plan to include in partner agreements?"),
            "fr": ("Relecture des clauses PEAS de nos accords de partenariat", "Pourriez-vous relire les clauses de sauvegarde et de PEAS que nous prévoyons d'inclure dans les accords de partenariat ?"),
            "es": ("Revisión de las cláusulas de PEAS en los acuerdos con socios", "¿Podrían revisar las cláusulas de salvaguarda y PEAS que planeamos incluir en los acuerdos con socios?"),
            "ar": ("مراجعة بنود الحماية من الاستغلال والاعتداء الجنسيين في اتفاقيات الشراكة", "هل يمكنكم مراجعة بنود الصون والحماية من الاستغلال والاعتداء الجنسيين التي نخطط لإدراجها في اتفاقيات الشركاء؟"),
        }, None),
        ("XCUT.EORE", "question", 0.7, {
            "en": ("Explosive ordnance risk education for children", "Which explosive ordnance risk education materials are adapted for young children, and who should deliver them?"),
            "fr": ("Éducation aux risques des engins explosifs pour les enfants", "Quels supports d'éducation aux risques des engins explosifs sont adaptés aux jeunes enfants, et qui devrait les utiliser ?"),
            "es": ("Educación sobre el riesgo de artefactos explosivos para la niñez", "¿Qué materiales de educación sobre el riesgo de artefactos explosivos están adaptados a niñas y niños pequeños y quién debería impartirlos?"),
            "ar": ("التوعية بمخاطر الذخائر المتفجرة للأطفال", "ما مواد التوعية بمخاطر الذخائر المتفجرة المكيّفة للأطفال الصغار، ومن ينبغي أن يقدمها؟"),
        }, None),
        ("XCUT.REMOTE", "remote_support", 0.6, {
            "en": ("Setting up remote child protection programming", "Could someone support us remotely to set up a helpline and remote follow-up while access is suspended?"),
            "fr": ("Mise en place d'une programmation à distance", "Quelqu'un pourrait-il nous appuyer à distance pour mettre en place une ligne d'écoute et un suivi à distance pendant la suspension de l'accès ?"),
            "es": ("Programación remota de protección de la niñez", "¿Alguien podría apoyarnos a distancia para establecer una línea de ayuda y el seguimiento remoto mientras el acceso está suspendido?"),
            "ar": ("إعداد برامج حماية الطفل عن بُعد", "هل يمكن لأحد دعمنا عن بُعد في إنشاء خط مساعدة ومتابعة عن بُعد أثناء تعليق الوصول؟"),
        }, None),
    ],
}

# How many queries of each family in every 191 (the order of the real helpdesk's top topics).
FAMILY_SHARE = {"CAPB": 41, "AME": 34, "COORD": 32, "CPMS": 20, "UASC": 13, "CPIMS": 11, "IM": 8, "HPC": 9,
                "THEM": 7, "XSECT": 7, "XCUT": 9}
# Topics that come with a family's queries as second or third topic.
RELATED_TOPICS = {
    "CAPB": ["CAPB.TRAIN", "CAPB.PATH", "CAPB.WORK", "CAPB.TRAIN", "CPMS", "CAPB.PATH"],
    "AME": ["AME.SDR", "AME.RA", "AME.IND", "AME.MSNA", "HPC.HNO", "IM.DASH"],
    "COORD": ["COORD.TOR", "COORD.SUBNAT", "COORD.LEAD", "COORD.LOCAL", "COORD.PREP", "HPC.HRP", "IM.4W"],
    "CPMS": ["CAPB.TRAIN", "AME.IND", "CAPB.PATH"],
    "UASC": ["THEM.FTR", "THEM.UASC", "THEM.ALTCARE", "THEM.CM", "XCUT.MOVE"],
    "CPIMS": ["IM.ISP", "IM.DASH", "IM.4W"],
    "IM": ["IM.4W", "IM.DASH", "IM.ISP", "COORD.TOR", "HPC.MON"],
    "HPC": ["HPC.HNO", "HPC.HRP", "HPC.MON", "AME.SDR", "IM.4W"],
    "THEM": ["THEM.CM", "THEM.MHPSS", "THEM.COMM", "CPMS", "XCUT.PSEA"],
    "XSECT": ["XSECT.CASH", "XSECT.EDU", "XSECT.HEALTH", "COORD.INTER"],
    "XCUT": ["XCUT.MOVE", "XCUT.PARTIC", "XCUT.DISAB", "XCUT.REMOTE", "XCUT.PHE"],
}
PORTUGUESE_FAMILIES = {"CAPB", "AME", "COORD", "CPMS", "UASC", "CPIMS"}

# Who a query is referred to, by family: (destination, recipient name, probability).
WORKING_GROUPS = {
    "CPMS": "CPMS Working Group", "AME": "Assessment, Measurement and Evidence WG",
    "CPIMS": "Case Management Task Force", "UASC": "UASC Task Force", "CAPB": "Learning and Development WG",
    "THEM": "Case Management Task Force", "XCUT": "Community-level Child Protection Task Force",
    "HPC": "Assessment, Measurement and Evidence WG",
}
CLUSTERS = {"XSECT.CASH": "Cash Working Group", "XSECT.EDU": "Education Cluster", "XSECT.CAMP": "CCCM Cluster",
            "XSECT.NUTR": "Nutrition Cluster", "XSECT.HEALTH": "Health Cluster", "THEM.SGBV": "GBV AoR",
            "XCUT.PSEA": "PSEA Network", "COORD.INTER": "GBV AoR"}
REFERRAL_RATE = {"COORD": 0.15, "IM": 0.15, "CPIMS": 0.15, "CPMS": 0.1, "AME": 0.1, "UASC": 0.1, "THEM": 0.1,
                 "XSECT": 0.12, "CAPB": 0.04, "HPC": 0.04, "XCUT": 0.04}  # about 10% of queries overall
REFERRAL_REASONS = {
    "focal_point": ["Regional perspective needed on coordination arrangements in {country}.",
                    "The regional focal point supported a similar process in {other} and can advise.",
                    "Coordination request: the region should know and may deploy support."],
    "working_group": ["Technical question for the {to}; the desk's sources do not cover this context.",
                      "Asking the {to} for their latest guidance and examples.",
                      "The {to} is revising guidance on this; their input will be more current."],
    "cluster": ["Joint question with the {to}; asking for their input on the sector-specific parts.",
                "The {to} leads on part of this; referring for a joint answer."],
}
REFERRAL_ANSWERS = {
    "focal_point": ["From the regional focal point: we discussed this with the coordinator in {country} last month. "
                    "The regional office can share the examples from {other} and join a call with the requester.",
                    "Regional office input: the approach used in {other} fits this context best; contacts shared "
                    "with the desk. Happy to join the next coordination meeting remotely."],
    "working_group": ["From the {to}: current guidance covers most of this. We suggest the attached technical note "
                      "and have added the missing points to our workplan.",
                      "The {to} discussed the question at its last meeting; two members with field experience in "
                      "{other} offered to share their tools."],
    "cluster": ["From the {to}: our colleagues will follow up with the requester on the joint aspects; key contacts "
                "are in the attached list."],
}
INTERNAL_NOTES = [
    "Checked the repository: two banked answers on this topic, both more than two years old.",
    "Similar question from {other} last quarter; reusing that answer as a starting point.",
    "Called the requester to understand the timeline; the draft is not yet shared with partners.",
    "Consulted the global team before replying.",
    "The requester's group is new; suggest onboarding material as well.",
]

# Gaps in guidance: (title, topic, working group). At scale > 1 regional variants are added.
GAPS = [
    ("No guidance on child protection rapid assessment in urban settings", "AME.RA", "Assessment, Measurement and Evidence WG"),
    ("CPMS indicators lack guidance on disaggregation by disability", "AME.IND", "Assessment, Measurement and Evidence WG"),
    ("No standard method to estimate child protection people in need for the HNO", "HPC.HNO", "Assessment, Measurement and Evidence WG"),
    ("No Arabic version of the child protection rapid assessment toolkit", "AME.RA", "Assessment, Measurement and Evidence WG"),
    ("Thin evidence on community-based mechanisms in displacement settings", "THEM.COMM", "Assessment, Measurement and Evidence WG"),
    ("Outdated training package on case management supervision", "CAPB.TRAIN", "Case Management Task Force"),
    ("No onboarding pathway for government co-coordinators", "CAPB.PATH", "Learning and Development WG"),
    ("Workforce mapping tool not adapted to local organisations", "CAPB.WORK", "Learning and Development WG"),
    ("CPMS contextualisation guidance missing for refugee settings", "CPMS", "CPMS Working Group"),
    ("No Portuguese translation of the CPMS pocket guide", "CPMS", "CPMS Working Group"),
    ("Case management standard: no guidance on minimum caseworker ratios in crises", "CPMS", "CPMS Working Group"),
    ("No guidance on interim care at transit sites", "THEM.UASC", "UASC Task Force"),
    ("No model agreement for cross-border family tracing", "THEM.FTR", "UASC Task Force"),
    ("Remote case management: no guidance on caseloads and follow-up", "THEM.CM", "Case Management Task Force"),
    ("Primero migration: no checklist for small coordination groups", "IM.CPIMS", "Case Management Task Force"),
    ("Information sharing protocol template lacks adolescent consent provisions", "IM.ISP", "Case Management Task Force"),
    ("No model terms of reference for government-led sub-national groups", "COORD.SUBNAT", "CP AoR Coordination Team"),
    ("Transition to government leadership: no step-by-step guidance", "COORD.LEAD", "CP AoR Coordination Team"),
    ("Localisation: no guidance on local organisations in strategic advisory groups", "COORD.LOCAL", "CP AoR Localisation Task Team"),
    ("Limited guidance on child protection risks in cash assistance", "XSECT.CASH", "Cash and Child Protection Task Force"),
    ("No guidance on child protection during cholera outbreaks", "XCUT.PHE", "Community-level Child Protection Task Force"),
    ("No practical tool for child participation in coordination", "XCUT.PARTIC", "Community-level Child Protection Task Force"),
    ("Kinship care support in emergencies is not covered", "THEM.ALTCARE", "Alternative Care Task Force"),
    ("No remote delivery version of the adolescent psychosocial package", "THEM.MHPSS", "MHPSS Task Force"),
]
GAP_DESCRIPTION = ("Raised by queries from {count} countries: requesters could not find guidance that fits their "
                   "context, and the desk's answers had to rely on examples from other responses.")


# --- how people write -----------------------------------------------------------------------------

GREETINGS = {
    "en": ["Dear Helpdesk team,", "Hello,", "Dear colleagues,", "Good morning,"],
    "fr": ["Bonjour,", "Chère équipe du helpdesk,", "Chers collègues,"],
    "es": ["Estimado equipo:", "Buenos días:", "Hola:"],
    "ar": ["مرحباً،", "فريق مكتب المساعدة المحترم،", "الزملاء الأعزاء،"],
    "pt": ["Bom dia,", "Cara equipa do helpdesk,", "Caros colegas,"],
}
INTROS = {
    "en": ["I am writing on behalf of the child protection coordination group in {country}.",
           "I work with {org} in {country} and support the coordination of child protection partners.",
           "Our coordination group in {country} would appreciate the helpdesk's support.",
           "I am the information management focal point for child protection partners in {country}."],
    "fr": ["Je vous écris au nom du groupe de coordination de la protection de l'enfance ({country}).",
           "Je travaille avec {org} et j'appuie la coordination des partenaires de la protection de l'enfance ({country}).",
           "Notre groupe de coordination ({country}) aurait besoin de l'appui du helpdesk."],
    "es": ["Le escribo en nombre del grupo de coordinación de protección de la niñez de {country}.",
           "Trabajo con {org} en {country} y apoyo la coordinación de los socios de protección de la niñez.",
           "Nuestro grupo de coordinación en {country} agradecería el apoyo del servicio de ayuda."],
    "ar": ["أكتب إليكم نيابة عن مجموعة تنسيق حماية الطفل في {country}.",
           "أعمل مع {org} في {country} وأدعم تنسيق شركاء حماية الطفل.",
           "تحتاج مجموعة التنسيق لدينا في {country} إلى دعم مكتب المساعدة."],
    "pt": ["Escrevo em nome do grupo de coordenação de proteção da criança em {country}.",
           "Trabalho com {org} em {country} e apoio a coordenação dos parceiros de proteção da criança."],
}
DETAILS = {
    "en": ["", "", " This is for the response in {place}.", " We would also welcome examples from other countries.",
           " We have a partners' meeting next week where we would like to present this."],
    "fr": ["", "", " Il s'agit de la réponse à {place}.", " Des exemples d'autres pays seraient aussi les bienvenus.",
           " Nous avons une réunion des partenaires la semaine prochaine où nous aimerions présenter ce point."],
    "es": ["", "", " Es para la respuesta en {place}.", " También agradeceríamos ejemplos de otros países.",
           " Tenemos una reunión de socios la próxima semana donde quisiéramos presentarlo."],
    "ar": ["", "", " نرحب أيضاً بأمثلة من بلدان أخرى.", " لدينا اجتماع للشركاء الأسبوع المقبل ونود عرض هذا الموضوع فيه."],
    "pt": ["", "", " É para a resposta em {place}.", " Também agradecemos exemplos de outros países."],
}
URGENT_LINES = {
    "en": " This is urgent: we need it by {date}.", "fr": " C'est urgent : nous en avons besoin d'ici le {date}.",
    "es": " Es urgente: lo necesitamos antes del {date}.", "ar": " الأمر عاجل: نحتاج إليه قبل {date}.",
    "pt": " É urgente: precisamos até {date}.",
}
CLOSINGS = {
    "en": ["Thank you in advance for your support.", "Many thanks,", "Thank you and best regards,"],
    "fr": ["Merci d'avance pour votre appui.", "Cordialement,", "Merci beaucoup,"],
    "es": ["Gracias de antemano por su apoyo.", "Saludos cordiales,", "Muchas gracias,"],
    "ar": ["شكراً مقدماً على دعمكم.", "مع خالص الشكر،", "مع أطيب التحيات،"],
    "pt": ["Desde já obrigado pelo vosso apoio.", "Cumprimentos,", "Muito obrigado,"],
}
RESOURCES = {
    "CAPB": {"en": "the CP AoR learning pathway and the Alliance's training packages",
             "fr": "le parcours d'apprentissage du DdR PE et les modules de formation de l'Alliance",
             "es": "la ruta de aprendizaje del AdR PN y los paquetes de formación de la Alianza",
             "ar": "مسار التعلّم الخاص بمجال مسؤولية حماية الطفل والحزم التدريبية للتحالف",
             "pt": "o percurso de aprendizagem da AdR PC e os pacotes de formação da Aliança"},
    "AME": {"en": "the Child Protection Rapid Assessment toolkit and the CPMS indicator guidance",
            "fr": "la boîte à outils d'évaluation rapide de la protection de l'enfance et le guide des indicateurs des Standards minimums",
            "es": "el kit de evaluación rápida de protección de la niñez y la guía de indicadores de las Normas mínimas",
            "ar": "مجموعة أدوات التقييم السريع لحماية الطفل ودليل مؤشرات المعايير الدنيا",
            "pt": "o kit de avaliação rápida de proteção da criança e o guia de indicadores das Normas Mínimas"},
    "COORD": {"en": "the CP AoR Coordination Handbook and examples from other coordination groups",
              "fr": "le manuel de coordination du DdR PE et des exemples d'autres groupes de coordination",
              "es": "el manual de coordinación del AdR PN y ejemplos de otros grupos de coordinación",
              "ar": "دليل التنسيق الخاص بمجال مسؤولية حماية الطفل وأمثلة من مجموعات تنسيق أخرى",
              "pt": "o manual de coordenação da AdR PC e exemplos de outros grupos de coordenação"},
    "CPMS": {"en": "the 2019 edition of the CPMS and its contextualisation guide",
             "fr": "l'édition 2019 des Standards minimums et son guide de contextualisation",
             "es": "la edición 2019 de las Normas mínimas y su guía de contextualización",
             "ar": "إصدار 2019 من المعايير الدنيا ودليل تكييفها مع السياق",
             "pt": "a edição de 2019 das Normas Mínimas e o seu guia de contextualização"},
    "UASC": {"en": "the Inter-agency Guiding Principles on Unaccompanied and Separated Children and the field handbook",
             "fr": "les Principes directeurs interagences relatifs aux enfants non accompagnés et séparés et le manuel de terrain",
             "es": "los Principios rectores interagenciales sobre niñez no acompañada y separada y el manual de campo",
             "ar": "المبادئ التوجيهية المشتركة بين الوكالات بشأن الأطفال غير المصحوبين والمنفصلين والدليل الميداني",
             "pt": "os Princípios Orientadores Interagências sobre crianças não acompanhadas e separadas e o manual de campo"},
    "CPIMS": {"en": "the Primero and CPIMS+ transition guidance and the data protection checklist",
              "fr": "les orientations sur la transition vers Primero et CPIMS+ et la liste de contrôle sur la protection des données",
              "es": "la guía de transición a Primero y CPIMS+ y la lista de verificación de protección de datos",
              "ar": "إرشادات الانتقال إلى Primero وCPIMS+ وقائمة التحقق الخاصة بحماية البيانات",
              "pt": "as orientações de transição para o Primero e CPIMS+ e a lista de verificação de proteção de dados"},
    "IM": {"en": "the CP AoR information management toolkit",
           "fr": "la boîte à outils de gestion de l'information du DdR PE",
           "es": "el kit de gestión de información del AdR PN",
           "ar": "مجموعة أدوات إدارة المعلومات الخاصة بمجال مسؤولية حماية الطفل"},
    "HPC": {"en": "the CP AoR guidance for the humanitarian programme cycle",
            "fr": "les orientations du DdR PE pour le cycle de programme humanitaire",
            "es": "la guía del AdR PN para el ciclo del programa humanitario",
            "ar": "إرشادات مجال مسؤولية حماية الطفل لدورة البرنامج الإنساني"},
    "THEM": {"en": "the relevant CPMS standard and the Alliance's technical notes",
             "fr": "le standard pertinent des Standards minimums et les notes techniques de l'Alliance",
             "es": "la norma pertinente de las Normas mínimas y las notas técnicas de la Alianza",
             "ar": "المعيار ذو الصلة من المعايير الدنيا والمذكرات الفنية للتحالف"},
    "XSECT": {"en": "the Alliance's guidance on integrated programming with other sectors",
              "fr": "les orientations de l'Alliance sur la programmation intégrée avec les autres secteurs",
              "es": "la guía de la Alianza sobre programación integrada con otros sectores",
              "ar": "إرشادات التحالف حول البرمجة المتكاملة مع القطاعات الأخرى"},
    "XCUT": {"en": "the Alliance and CP AoR technical notes on this topic",
             "fr": "les notes techniques de l'Alliance et du DdR PE sur ce sujet",
             "es": "las notas técnicas de la Alianza y del AdR PN sobre este tema",
             "ar": "المذكرات الفنية للتحالف ومجال مسؤولية حماية الطفل حول هذا الموضوع"},
}
ANSWERS = {
    "en": "Dear {name},\n\nThank you for your question. We recommend starting with {resource}. We also share examples from {other}, where colleagues faced a similar situation, with a short summary of the steps they followed.{partial}\n\nDo not hesitate to come back to us if anything is unclear.\n\nBest regards,\n{officer}\n{desk}",
    "fr": "Bonjour {name},\n\nMerci pour votre question. Nous vous recommandons de commencer par {resource}. Vous trouverez aussi des exemples ({other}) où des collègues ont fait face à une situation similaire, avec un court résumé des étapes suivies.{partial}\n\nN'hésitez pas à revenir vers nous si quelque chose n'est pas clair.\n\nCordialement,\n{officer}\n{desk}",
    "es": "Estimada/o {name}:\n\nGracias por su consulta. Le recomendamos empezar por {resource}. También compartimos ejemplos de {other}, donde colegas enfrentaron una situación similar, con un breve resumen de los pasos que siguieron.{partial}\n\nNo dude en escribirnos si algo no queda claro.\n\nSaludos cordiales,\n{officer}\n{desk}",
    "ar": "السيد/السيدة {name}،\n\nشكراً على سؤالكم. نوصي بالبدء بـ{resource}. كما نشارككم أمثلة من {other} حيث واجه الزملاء وضعاً مشابهاً، مع ملخص قصير للخطوات التي اتبعوها.{partial}\n\nلا تترددوا في التواصل معنا إذا كان هناك أي استفسار.\n\nمع أطيب التحيات،\n{officer}\n{desk}",
    "pt": "Caro/a {name},\n\nObrigado pela sua pergunta. Recomendamos consultar primeiro {resource}. Partilhamos também exemplos de {other}, onde colegas enfrentaram uma situação semelhante, com um breve resumo dos passos seguidos.{partial}\n\nNão hesite em contactar-nos se algo não estiver claro.\n\nCom os melhores cumprimentos,\n{officer}\n{desk}",
}
PARTIAL_LINES = {
    "en": " We could not find guidance covering every part of your question; we have noted the gap and will share more when it exists.",
    "fr": " Nous n'avons pas trouvé d'orientations couvrant tous les aspects de votre question ; nous avons noté ce manque et partagerons davantage dès que possible.",
    "es": " No encontramos orientaciones que cubran todos los aspectos de su consulta; hemos registrado esta brecha y compartiremos más cuando exista.",
    "ar": " لم نجد إرشادات تغطي جميع جوانب سؤالكم؛ وقد سجّلنا هذه الفجوة وسنشارك المزيد عند توفره.",
    "pt": " Não encontrámos orientações que cubram todos os aspetos da sua pergunta; registámos esta lacuna e partilharemos mais quando existir.",
}
HOLDING_REPLIES = {
    "en": "Dear {name},\n\nThank you for your query. We are gathering guidance and examples from other contexts and will come back to you shortly. In the meantime, you may want to look at {resource}.\n\nBest regards,\n{officer}",
    "fr": "Bonjour {name},\n\nMerci pour votre demande. Nous rassemblons des orientations et des exemples d'autres contextes et reviendrons vers vous rapidement. En attendant, vous pouvez consulter {resource}.\n\nCordialement,\n{officer}",
    "es": "Estimada/o {name}:\n\nGracias por su consulta. Estamos reuniendo orientaciones y ejemplos de otros contextos y le responderemos en breve. Mientras tanto, puede consultar {resource}.\n\nSaludos cordiales,\n{officer}",
    "ar": "السيد/السيدة {name}،\n\nشكراً على استفساركم. نقوم بجمع الإرشادات والأمثلة من سياقات أخرى وسنعود إليكم قريباً. وفي الأثناء، يمكنكم الاطلاع على {resource}.\n\nمع أطيب التحيات،\n{officer}",
    "pt": "Caro/a {name},\n\nObrigado pelo seu pedido. Estamos a reunir orientações e exemplos de outros contextos e voltaremos a contactá-lo/a em breve. Entretanto, pode consultar {resource}.\n\nCom os melhores cumprimentos,\n{officer}",
}
CLARIFICATIONS = {
    "en": "Dear {name},\n\nThank you for your query. To give you the most useful answer, could you tell us a little more about the context: the areas concerned, the partners involved and when you need the answer?\n\nBest regards,\n{officer}",
    "fr": "Bonjour {name},\n\nMerci pour votre demande. Pour vous donner la réponse la plus utile, pourriez-vous nous en dire un peu plus sur le contexte : les zones concernées, les partenaires impliqués et l'échéance ?\n\nCordialement,\n{officer}",
    "es": "Estimada/o {name}:\n\nGracias por su consulta. Para darle la respuesta más útil, ¿podría contarnos un poco más sobre el contexto: las zonas afectadas, los socios involucrados y para cuándo necesita la respuesta?\n\nSaludos cordiales,\n{officer}",
    "ar": "السيد/السيدة {name}،\n\nشكراً على استفساركم. لكي نقدم لكم الإجابة الأكثر فائدة، هل يمكنكم إخبارنا بالمزيد عن السياق: المناطق المعنية، والشركاء المشاركون، ومتى تحتاجون الإجابة؟\n\nمع أطيب التحيات،\n{officer}",
    "pt": "Caro/a {name},\n\nObrigado pelo seu pedido. Para lhe dar a resposta mais útil, poderia dizer-nos um pouco mais sobre o contexto: as zonas abrangidas, os parceiros envolvidos e quando precisa da resposta?\n\nCom os melhores cumprimentos,\n{officer}",
}
FOLLOW_UPS = {
    "en": "Thank you. The response covers {areas} districts with about {partners} partners, and we would need the guidance before our next coordination meeting.\n{name}",
    "fr": "Merci. La réponse couvre {areas} districts avec environ {partners} partenaires, et nous aurions besoin des orientations avant notre prochaine réunion de coordination.\n{name}",
    "es": "Gracias. La respuesta abarca {areas} municipios con unos {partners} socios, y necesitaríamos la orientación antes de nuestra próxima reunión de coordinación.\n{name}",
    "ar": "شكراً. تغطي الاستجابة {areas} مناطق بمشاركة حوالي {partners} شريكاً، ونحتاج إلى الإرشادات قبل اجتماع التنسيق القادم.\n{name}",
    "pt": "Obrigado. A resposta abrange {areas} distritos com cerca de {partners} parceiros, e precisaríamos das orientações antes da próxima reunião de coordenação.\n{name}",
}
SUBJECT_SUFFIX = {"en": " – {place}", "fr": " – {place}", "es": " – {place}", "ar": " – {country}", "pt": " – {place}"}



# --- the seeder -----------------------------------------------------------------------------------

class Deck:
    """Draws values in exact proportions: each round holds every value `count` times, shuffled."""

    def __init__(self, rng, counts: dict):
        self.rng, self.counts, self.cards = rng, counts, []

    def draw(self):
        if not self.cards:
            self.cards = [value for value, count in self.counts.items() for _ in range(count)]
            self.rng.shuffle(self.cards)
        return self.cards.pop()


@dataclass(slots=True)
class Plan:
    """Who asks what and when, decided for every query before any is built (the texts come later)."""

    received_at: datetime
    country: Country
    requester: Member
    language: str
    channel: str
    family: str
    topic_codes: list
    service_type: str
    urgency: str
    needed_by: date | None
    texts: dict  # the ask's {language: (subject, question)}
    picked_topics: bool = False  # the requester ticked topics on the form
    withdrawn: bool = False
    hold: str = ""  # waiting at the demo's "now" on the requester ("awaiting"), a referral ("referred"),
    # the desk's answer past its due date ("stalled") or the desk's first reply past its due date ("late")
    duplicate_of: "Plan | None" = None
    reference: str = ""
    subject: str = ""  # kept only on queries that a duplicate repeats
    question: str = ""


@dataclass(slots=True)
class Rows:
    """The rows of one query, written with its chunk."""

    query: Query
    topics: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    referrals: list = field(default_factory=list)
    events: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (event, data key, Message or Referral): pk known after insert
    deferred: list = field(default_factory=list)  # (event, reference of the query it belongs to)
    gap_links: list = field(default_factory=list)  # (gap, flagged at)


def seed(context) -> None:
    """Seed a year of queries (480 at scale 1) with their messages, work, referrals, gaps and timelines, and
    index them for staff search (bulk-created rows bypass the actions that index them)."""
    _QuerySeeder(context).run()
    rebuild([KIND])


class _QuerySeeder:
    def __init__(self, context):
        self.context, self.rng, self.cities, self.domain = context, context.rng, CITIES, DEMO_DOMAIN
        # The demo's "now" is the start of the as-of day: a seed run today puts nothing in the future.
        self.now = datetime.combine(context.today, time(0), tzinfo=UTC)
        self.total_base = QUERIES_PER_YEAR * context.scale
        self._desks, self._calendars = {}, {}
        self.targets = {(t.sla_class, t.measure): (t.amount, t.unit) for t in SLATarget.objects.all()}
        self.topics = {topic.code: topic for topic in Topic.objects.all()}
        desks = list(Desk.objects.prefetch_related("officers").order_by("pk"))
        self.officers = {desk.pk: sorted(desk.officers.all(), key=lambda m: m.pk) for desk in desks}
        everyone = {m.pk: m for officers in self.officers.values() for m in officers}
        self.all_officers = [everyone[pk] for pk in sorted(everyone)]
        staff = context.shared.get("demo_staff", {})
        self.demo_member, self.demo_expert = staff.get(Role.MEMBER), staff.get(Role.EXPERT)
        self.experts = list(Member.objects.filter(groups__name=Role.EXPERT, is_active=True).order_by("pk"))
        self.focal_points = {}
        for focal_point in FocalPoint.objects.select_related("member").order_by("pk"):
            self.focal_points.setdefault(focal_point.region_id, []).append(focal_point.member)
        self.countries = list(Country.objects.with_active_group().select_related("region").order_by("iso2"))
        self.country_by_id = {country.pk: country for country in self.countries}
        self.by_region = {}
        for country in self.countries:
            self.by_region.setdefault(country.region_id, []).append(country)

    # --- caches that keep routing and SLA computation fast ---

    def desk_for(self, language: str, country: Country):
        key = (language, country.pk if country else None)
        if key not in self._desks:
            self._desks[key] = routing.desk_for(Query(language=language, country=country))
        return self._desks[key]

    def calendar(self, desk) -> WorkCalendar:
        key = desk.pk if desk else None
        if key not in self._calendars:
            self._calendars[key] = WorkCalendar.for_desk(desk)
        return self._calendars[key]

    def due(self, calendar, sla_class, measure, start):
        target = self.targets.get((sla_class, measure))
        return None if target is None else calendar.add(start, *target)

    def shift(self, calendar, due, sla_class, measure, paused_from, resumed_at):
        """Move a due date by a pause, as `actions._set_status` does when the clock restarts."""
        target = self.targets.get((sla_class, measure))
        if due is None or target is None:
            return due
        if target[1] == SLATarget.Unit.HOURS:
            return due + (resumed_at - paused_from)
        return calendar.add_working_minutes(due, calendar.working_minutes_between(paused_from, resumed_at))

    # --- run ---

    def run(self) -> None:
        plans, outreach = self.plan_queries()
        self.assign_references(plans)
        self.gaps = self.create_gaps()
        self.gap_links = {gap.pk: [] for gap in self.gaps}
        self.originals = {plan.duplicate_of.reference for plan in plans if plan.duplicate_of}
        self.pk_by_reference, self.merges = {}, []
        counts = {"messages": 0, "events": 0, "referrals": 0}
        report_every = max(CHUNK, len(plans) // 10)
        for start in range(0, len(plans), CHUNK):
            chunk = plans[start:start + CHUNK]
            self.write([self.build(plan) for plan in chunk], counts)
            done = start + len(chunk)
            if len(plans) > CHUNK and (done % report_every < CHUNK or done == len(plans)):
                self.context.report(f"  queries: {done:,} of {len(plans):,} written")
        self.finish_gaps(counts)
        for duplicate, original_reference in self.merges:
            Query.objects.filter(pk=duplicate.pk).update(merged_into_id=self.pk_by_reference[original_reference])
        for year, last in sorted(self.counters.items()):
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        self.context.shared["demo_queries"] = {
            "as_of": self.now, "count": len(plans), "id_range": (self.first_pk, self.last_pk),
            "outreach_countries": sorted(country.iso2 for country in outreach),
            "gaps": [gap.pk for gap in self.gaps],
        }
        self.context.report(
            f"  queries: {len(plans):,} queries, {len(self.gaps)} gaps, {counts['messages']:,} messages, "
            f"{counts['referrals']:,} referrals, {counts['events']:,} timeline events")

    # --- stage 1: who asks what, when ---

    def plan_queries(self):
        rng = self.rng
        own = self.demo_member.country_id if self.demo_member else None
        quiet = [country for country in self.countries if country.iso2 not in BUSY_COUNTRIES and country.pk != own]
        outreach = rng.sample(quiet, k=min(COUNTRIES_WITHOUT_QUERIES, len(quiet)))
        asking = [country for country in self.countries if country not in outreach]
        country_deck = Deck(rng, {country: 3 if country.iso2 in BUSY_COUNTRIES else 1 for country in asking})
        family_deck = Deck(rng, FAMILY_SHARE)
        urgency_deck = Deck(rng, {Urgency.URGENT: 1, Urgency.STANDARD: 9})
        self.pools = self.requester_pools()

        days = [self.now.date() - timedelta(days=k) for k in range(1, 366)]
        weights = [MONTH_WEIGHT[day.month] * WEEKDAY_WEIGHT[day.weekday()]
                   * (0.5 if (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2) else 1.0)
                   for day in days]
        hours = list(range(6, 22))
        hour_weights = [1, 3, 6, 8, 8, 7, 5, 6, 7, 6, 5, 3, 2, 2, 1, 1]
        earliest, latest = self.now - timedelta(days=365), self.now - timedelta(minutes=1)
        plans = []
        for day in rng.choices(days, weights=weights, k=self.total_base):
            country = country_deck.draw()
            offset = REGION_UTC_OFFSET.get(country.region.code if country.region else "", 0)
            local = datetime.combine(day, time(rng.choices(hours, hour_weights)[0], rng.randrange(60),
                                               rng.randrange(60)), tzinfo=UTC)
            received = min(max(local - timedelta(hours=offset), earliest), latest)
            plans.append(self.plan_one(received, country, family_deck.draw(), urgency_deck.draw()))
        # A handful withdrawn, all old enough to have been.
        for plan in plans:
            if plan.received_at < self.now - timedelta(days=12) and rng.random() < 0.012:
                plan.withdrawn = True
        recent = [plan for plan in plans if self.now - timedelta(days=25) < plan.received_at
                  < self.now - timedelta(days=8) and not plan.withdrawn]
        older = [plan for plan in plans if plan.received_at <= self.now - timedelta(days=25) and not plan.withdrawn]
        # The demo member's own queries: a few answered long ago, two still in the works.
        if self.demo_member and self.demo_member.country_id in self.country_by_id:
            for plan in rng.sample(recent, k=min(2, len(recent))) + rng.sample(older, k=min(6, len(older))):
                plan.requester, plan.country = self.demo_member, self.country_by_id[self.demo_member.country_id]
                plan.language = self.demo_member.preferred_language if self.demo_member.preferred_language \
                    in plan.texts else "en"
        # Some recent queries wait on the requester or on a referral (the queue shows every status).
        for index, plan in enumerate(rng.sample(recent, k=min(len(recent), 2 * self.context.scale))):
            plan.hold = ("awaiting", "referred")[index % 2]
        # ... and a few are overdue: the answer or even the first reply is late.
        for hold, days, share in (("stalled", (18, 40), 2), ("late", (6, 12), 1)):
            pool = [plan for plan in plans if self.now - timedelta(days=days[1]) < plan.received_at
                    < self.now - timedelta(days=days[0]) and not plan.withdrawn and not plan.hold]
            for plan in rng.sample(pool, k=min(len(pool), share * self.context.scale)):
                plan.hold = hold
        # Duplicates: the same question sent again by another channel, merged by an officer.
        candidates = [plan for plan in plans if not plan.withdrawn and plan.received_at < self.now - timedelta(days=4)]
        for original in rng.sample(candidates, k=max(1, round(len(plans) * 0.004))):
            received = min(original.received_at + timedelta(hours=rng.uniform(2, 30)), latest)
            plans.append(Plan(
                received_at=received, country=original.country, requester=original.requester,
                language=original.language, channel=Channel.WEB if original.channel != Channel.WEB else Channel.EMAIL,
                family=original.family, topic_codes=[], service_type=original.service_type,
                urgency=original.urgency, needed_by=original.needed_by, texts=original.texts, duplicate_of=original,
            ))
        plans.sort(key=lambda plan: plan.received_at)
        return plans, outreach

    def requester_pools(self):
        members = list(
            Member.objects.filter(groups__name=Role.MEMBER, approval=Approval.APPROVED, is_active=True,
                                  country__in=list(self.country_by_id))
            .exclude(pk=self.demo_member.pk if self.demo_member else None)
            .select_related("organisation")
            .only("pk", "email", "full_name", "position", "preferred_language", "date_joined", "country_id",
                  "organisation__name", "organisation__scope")
            .order_by("pk")
        )
        pools = {"country": {}, "local": {}, "region": {}, "all": members}
        for member in members:
            pools["country"].setdefault(member.country_id, []).append(member)
            pools["region"].setdefault(self.country_by_id[member.country_id].region_id, []).append(member)
            if member.organisation and member.organisation.scope in {"national", "local"}:
                pools["local"].setdefault(member.country_id, []).append(member)
        return pools

    def pick_requester(self, country, received):
        rng = self.rng
        local = self.pools["local"].get(country.pk)
        pool = (local if local and rng.random() < NATIONAL_OR_LOCAL_SHARE else None) or \
            self.pools["country"].get(country.pk) or self.pools["region"].get(country.region_id) or self.pools["all"]
        member = rng.choice(pool)
        for _ in range(4):  # prefer someone who was already a member when the query came in
            if member.date_joined <= received:
                break
            member = rng.choice(pool)
        return member

    def plan_one(self, received, country, family, urgency) -> Plan:
        rng = self.rng
        requester = self.pick_requester(country, received)
        preferred = requester.preferred_language
        if country.iso2 == "MZ" and family in PORTUGUESE_FAMILIES and rng.random() < 0.45:
            language = "pt"
        elif rng.random() < 0.88:
            language = preferred
        else:
            others = [code for code in (country.languages or []) if code in LANGUAGES and code != preferred]
            language = rng.choice(others) if others else preferred
        asks = ASKS[family]
        topic_code, service_type, _weight, texts, hint = rng.choices(asks, weights=[ask[2] for ask in asks])[0]
        if language not in texts:
            language = "en"
        codes = [topic_code]
        wanted = rng.choices((1, 2, 3), weights=(55, 35, 10))[0]
        if wanted > 1 and hint:
            codes.append(hint)
        related = [code for code in RELATED_TOPICS[family] if code not in codes]
        while len(codes) < wanted and related:
            code = related.pop(rng.randrange(len(related)))
            if code not in codes:
                codes.append(code)
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        needed_by = None
        if urgency == Urgency.URGENT:
            needed_by = received.date() + timedelta(days=rng.randint(2, 10))
        elif rng.random() < 0.08:
            needed_by = received.date() + timedelta(days=rng.randint(10, 40))
        return Plan(
            received_at=received, country=country, requester=requester, language=language, channel=channel,
            family=family, topic_codes=codes, service_type=service_type, urgency=urgency, needed_by=needed_by,
            texts=texts, picked_topics=channel in {Channel.WEB, Channel.API} and rng.random() < 0.6,
        )

    def assign_references(self, plans) -> None:
        """CPH-<year>-<number> in order of receipt, after any number already given (as `next_reference`)."""
        years = sorted({plan.received_at.year for plan in plans})
        self.counters = {year: 0 for year in years}
        self.counters.update(dict(ReferenceCounter.objects.filter(year__in=years).values_list("year", "last")))
        for plan in plans:
            year = plan.received_at.year
            self.counters[year] += 1
            plan.reference = f"CPH-{year}-{self.counters[year]:04d}"

    # --- texts ---

    def country_name(self, country, language: str) -> str:
        if language == "pt":
            return PT_COUNTRY_NAMES.get(country.iso2, country.name)
        return (getattr(country, f"name_{language}", "") if language != "en" else "") or country.name

    def other(self, plan, language: str = "en") -> str:
        """Another country of the region, for "examples from ..." (never the query's own)."""
        options = [c for c in self.by_region.get(plan.country.region_id, []) if c.pk != plan.country.pk]
        if language == "pt":
            options = [c for c in self.countries if c.iso2 in PT_COUNTRY_NAMES and c.pk != plan.country.pk]
        return self.country_name(self.rng.choice(options or self.countries), language)

    def write_question(self, plan):
        rng, language, country = self.rng, plan.language, plan.country
        subject, ask = plan.texts[language]
        name = self.country_name(country, language)
        place = name if language == "ar" else rng.choice(self.cities.get(country.iso2, [country.name]))
        roll = rng.random()
        if roll < 0.25:
            subject += SUBJECT_SUFFIX[language].format(place=place, country=name)
        elif roll < 0.35:
            subject += f" ({name})"
        requester = plan.requester
        organisation = requester.organisation.name if requester.organisation else ""
        body = rng.choice(INTROS[language]).format(country=name, org=organisation or name)
        body += " " + ask.format(place=place) + rng.choice(DETAILS[language]).format(place=place)
        if plan.urgency == Urgency.URGENT and plan.needed_by:
            body += URGENT_LINES[language].format(date=plan.needed_by.isoformat())
        signature = requester.full_name + (f"\n{requester.position}, {organisation}" if requester.position else "")
        question = f"{rng.choice(GREETINGS[language])}\n\n{body}\n\n{rng.choice(CLOSINGS[language])}\n{signature}"
        return subject[:250], question

    def words(self, plan, lead, desk) -> dict:
        language = plan.language
        desk_name = ((getattr(desk, f"name_{language}", "") if language in {"fr", "es", "ar"} else "")
                     or desk.name) if desk else ""
        resources = RESOURCES[plan.family]
        return {"name": plan.requester.get_short_name(), "resource": resources.get(language, resources["en"]),
                "other": self.other(plan, language), "officer": lead.full_name, "desk": desk_name, "partial": ""}

    # --- the gap register ---

    def create_gaps(self) -> list:
        rng = self.rng
        pool = list(GAPS)
        rng.shuffle(pool)
        wanted = rng.randint(16, 24) + 2 * (self.context.scale - 1)
        if wanted > len(pool):
            variants = [(f"{title} ({region.name})", topic, group) for region in Region.objects.order_by("code")
                        for title, topic, group in GAPS]
            rng.shuffle(variants)
            pool += variants
        gaps = []
        for title, topic_code, group in pool[:wanted]:
            gap = Gap(title=title, topic=self.topics.get(topic_code), status=Gap.Status.NOTED, noted_at=self.now,
                      created_by=rng.choice(self.all_officers) if self.all_officers else None)
            gap.demo_group, gap.demo_weight = group, rng.choice((1, 1, 2, 3, 5))
            gaps.append(gap)
        Gap.objects.bulk_create(gaps)
        if gaps and gaps[0].pk is None:
            by_title = dict(Gap.objects.values_list("title", "pk"))
            for gap in gaps:
                gap.pk = by_title[gap.title]
        # Exact shares: 8.5% of answered and of closed queries reveal a gap; 4% of the others are partial.
        self.gap_deck = {Status.CLOSED: Deck(rng, {True: 17, False: 183}),
                         Status.ANSWERED: Deck(rng, {True: 17, False: 183})}
        self.partial_deck = Deck(rng, {True: 1, False: 24})
        return gaps

    def flag_gap(self, plan, rows, actor, at, event) -> None:
        if at > self.now or not self.gaps:
            return
        codes = plan.topic_codes
        root = codes[0].split(".")[0] if codes else ""
        candidates = [gap for gap in self.gaps if gap.topic and gap.topic.code in codes] or \
            [gap for gap in self.gaps if gap.topic and gap.topic.code.split(".")[0] == root] or self.gaps
        gap = self.rng.choices(candidates, weights=[gap.demo_weight for gap in candidates])[0]
        event(at, "gap_flagged", actor=actor, gap=gap.pk, title=gap.title)
        rows.gap_links.append((gap, at))

    def finish_gaps(self, counts) -> None:
        """Date each gap from its first query and move it along the register, with the timeline entries
        `actions.update_gap` writes on the queries linked by then."""
        rng, now = self.rng, self.now
        Through = Gap.queries.through
        statuses = list(Gap.Status)
        links, events = [], []
        for gap in self.gaps:
            linked = sorted(self.gap_links[gap.pk], key=lambda link: (link[1], link[0]))
            links += [Through(gap_id=gap.pk, query_id=query_pk) for query_pk, _at, _country in linked]
            gap.noted_at = linked[0][1] if linked else now - timedelta(days=rng.randint(20, 300))
            gap.description = GAP_DESCRIPTION.format(count=len({country for *_, country in linked}) or 1)
            target = rng.choices(statuses, weights=(3, 3, 2.5, 1.5))[0]
            moment = gap.noted_at
            for status, attribute, days in ((Gap.Status.TAKEN_TO_WORKING_GROUP, "taken_to_wg_at", (7, 45)),
                                            (Gap.Status.IN_DEVELOPMENT, "in_development_at", (20, 90)),
                                            (Gap.Status.ADDRESSED, "addressed_at", (30, 120))):
                if statuses.index(target) < statuses.index(status):
                    break
                moment += timedelta(days=rng.randint(*days), hours=rng.randint(1, 8))
                if moment >= now:
                    break
                gap.status, gap.working_group = status, gap.demo_group
                setattr(gap, attribute, moment)
                events += [QueryEvent(query_id=query_pk, at=moment, actor=gap.created_by, kind="gap_updated",
                                      data={"gap": gap.pk, "status": str(status)})
                           for query_pk, at, _country in linked if at <= moment]
        Gap.objects.bulk_update(self.gaps, ["noted_at", "description", "status", "working_group", "taken_to_wg_at",
                                            "in_development_at", "addressed_at"])
        Through.objects.bulk_create(links, batch_size=BATCH)
        QueryEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["events"] += len(events)

    # --- stage 2: one query's life until "now" ---

    def referral(self, plan, query, lead, sent, calendar) -> Referral:
        rng, codes = self.rng, plan.topic_codes
        focal_points = self.focal_points.get(plan.country.region_id, [])
        cluster = next((CLUSTERS[code] for code in codes if code in CLUSTERS), None)
        recipient = None
        if focal_points and (plan.family in {"COORD", "IM"} or (plan.family == "CPIMS" and rng.random() < 0.5)):
            destination, recipient = Referral.Destination.FOCAL_POINT, focal_points[0]
            name, email = recipient.full_name, recipient.email
        elif cluster and (plan.family == "XSECT" or cluster in {"GBV AoR", "PSEA Network"}):
            destination, name = Referral.Destination.CLUSTER, cluster
        else:
            destination = Referral.Destination.WORKING_GROUP
            name = WORKING_GROUPS.get(plan.family, "Community-level Child Protection Task Force")
        if recipient is None:
            slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-").replace("--", "-")
            email = f"{slug}@alliance.{self.domain}"
        reason = rng.choice(REFERRAL_REASONS[destination]).format(to=name, country=plan.country.name,
                                                                   other=self.other(plan))
        return Referral(query=query, destination=destination, recipient_name=name, recipient_email=email,
                        recipient=recipient, reason=reason, status=Referral.Status.SENT, sent_by=lead, sent_at=sent,
                        due_at=self.due(calendar, query.sla_class, "referral", sent))

    def build(self, plan: Plan) -> Rows:
        rng, now = self.rng, self.now
        desk = self.desk_for(plan.language, plan.country)
        calendar = self.calendar(desk)
        per_day = calendar.minutes_per_day
        requester, received = plan.requester, plan.received_at
        if plan.duplicate_of is not None:
            subject, question_text = plan.duplicate_of.subject, plan.duplicate_of.question
        else:
            subject, question_text = self.write_question(plan)
            if plan.reference in self.originals:
                plan.subject, plan.question = subject, question_text
        query = Query(
            reference=plan.reference, subject=subject, language=plan.language, country=plan.country,
            requester=requester, requester_name=requester.full_name, requester_email=requester.email,
            organisation=requester.organisation, desk=desk, channel=plan.channel, service_type=plan.service_type,
            urgency=plan.urgency, needed_by=plan.needed_by, received_at=received, status=Status.NEW,
            no_child_details_confirmed=plan.channel in {Channel.WEB, Channel.API},
        )
        query.sla_class = routing.sla_class_for(query)
        rows = Rows(query=query)
        topics = [self.topics[code] for code in plan.topic_codes if code in self.topics]
        officers = self.officers.get(desk.pk if desk else None) or self.all_officers
        lead = rng.choice(officers)
        chief = (desk.lead if desk and desk.lead_id else None) or lead
        state = {"changed": received, "pauses": [], "paused_at": None, "alerted": False}

        def event(at, kind, actor=None, label="", link=None, target=None, **data):
            item = QueryEvent(query=None if target else query, at=at, actor=actor, actor_label=label, kind=kind,
                              data=data)
            rows.events.append(item)
            if link is not None:
                rows.links.append((item, *link))
            if target is not None:
                rows.deferred.append((item, target))

        def message(at, kind, body, author=None, sensitivity=None):
            item = Message(query=query, kind=kind, author=author, author_name=author.full_name if author else "",
                           body=body, created_at=at, sensitivity=query.sensitivity if sensitivity is None else sensitivity)
            rows.messages.append(item)
            return item

        def alert_focal_points(at):
            region = plan.country.region_id
            if not state["alerted"] and routing.needs_focal_point(topics) and self.focal_points.get(region):
                event(at, "focal_points_alerted", count=len(self.focal_points[region]))
                state["alerted"] = True

        def finish():
            return self.close_books(rows, calendar, first_due, state, event)

        # Intake: the question, the acknowledgement, any topics the requester ticked.
        if plan.picked_topics:
            rows.topics = topics
        query.sensitivity = routing.default_sensitivity(rows.topics)
        message(received, Message.Kind.REQUESTER, question_text, author=requester)
        event(received, "submitted", actor=lead if plan.channel == Channel.STAFF else requester,
              label=requester.full_name, channel=str(plan.channel), desk=desk.code if desk else None, attachments=0)
        acknowledged = received + timedelta(seconds=rng.randint(20, 600))
        if acknowledged <= now:
            query.acknowledged_at = acknowledged
            event(acknowledged, "acknowledged")
        if plan.picked_topics:
            alert_focal_points(received)
        first_due = self.due(calendar, query.sla_class, "first_response", received)

        if plan.duplicate_of is not None:
            merged = calendar.add_working_minutes(received, rng.uniform(20, 300))
            if merged <= now:
                query.status, query.closed_at = Status.MERGED, merged
                event(merged, "merged", actor=chief, into=plan.duplicate_of.reference)
                event(merged, "merged_from", actor=chief, target=plan.duplicate_of.reference,
                      duplicate=plan.reference)
                self.merges.append((query, plan.duplicate_of.reference))
            return finish()

        # Triage and assignment; the newest queries may still wait for both.
        age = now - received
        if age < timedelta(days=3) and rng.random() < 0.6:
            return finish()
        triaged = calendar.add_working_minutes(received, rng.uniform(5, 240))
        if triaged > now:
            return finish()
        changes = {}
        if not plan.picked_topics:
            rows.topics = topics
            changes["topics"] = sorted(topic.code for topic in topics)
        floor = routing.default_sensitivity(topics)
        if query.sensitivity < floor:
            query.sensitivity = changes["sensitivity"] = floor
        query.status = Status.TRIAGED
        event(triaged, "triaged", actor=chief, status=str(Status.TRIAGED), **changes)
        alert_focal_points(triaged)
        state["changed"] = triaged
        if age < timedelta(days=8) and rng.random() < 0.25:
            return finish()
        assigned = (triaged + timedelta(minutes=rng.uniform(1, 45)) if rng.random() < 0.7
                    else calendar.add_working_minutes(triaged, rng.uniform(60, 900)))
        if assigned > now:
            return finish()
        rows.assignments.append(Assignment(query=query, member=lead, role=Assignment.Role.LEAD, assigned_by=chief,
                                           assigned_at=assigned))
        event(assigned, "assigned", actor=chief, member=lead.pk, name=str(lead), role=str(Assignment.Role.LEAD))
        query.status, state["changed"] = Status.IN_PROGRESS, assigned
        complex_work = plan.service_type in {"research", "document_review"}
        if self.experts and rng.random() < (0.4 if complex_work else 0.12):
            weights = [3 if expert == self.demo_expert else 1 for expert in self.experts]
            expert = rng.choices(self.experts, weights=weights)[0]
            expert_at = calendar.add_working_minutes(assigned, rng.uniform(30, 600))
            if expert_at <= now:
                rows.assignments.append(Assignment(query=query, member=expert, role=Assignment.Role.EXPERT,
                                                   assigned_by=lead, assigned_at=expert_at))
                event(expert_at, "assigned", actor=lead, member=expert.pk, name=str(expert),
                      role=str(Assignment.Role.EXPERT))

        # First response: mostly within 1-3 working days (urgent: hours), a few late.
        roll = rng.random()
        if query.sla_class == "urgent":
            hours = (rng.uniform(0.5, 8) if roll < 0.6 else rng.uniform(8, 22) if roll < 0.92
                     else rng.uniform(25, 40))
            first = received + timedelta(hours=hours)
        else:
            spans = (((0.05, 1), (1, 2.7), (2.7, 3), (3.1, 6)) if query.sla_class == "standard"
                     else ((0.1, 2), (2, 5), (5, 10), (10.2, 13)))
            low, high = spans[0 if roll < 0.55 else 1 if roll < 0.88 else 2 if roll < 0.95 else 3]
            first = calendar.add_working_minutes(received, rng.uniform(low, high) * per_day)
        first = max(first, assigned + timedelta(minutes=rng.uniform(5, 90)))
        if plan.hold == "late":
            first = max(first, now + timedelta(hours=rng.uniform(2, 30)))
        # Withdrawn queries stop here, after work began (a handful, all older than the withdrawal).
        withdrawn = (max(received + timedelta(days=rng.uniform(1, 10)), assigned + timedelta(minutes=30))
                     if plan.withdrawn else None)
        horizon = min(now, withdrawn or now)
        if first_due and first > first_due - WARNING_WINDOW:  # the reminder task would have fired
            reminded = max(received, first_due - WARNING_WINDOW)
            if reminded <= horizon:
                event(reminded, "sla_reminder", breached=reminded >= first_due)
                query.reminded_at = reminded
        if rng.random() < 0.12:
            noted = first - timedelta(minutes=rng.uniform(10, 120))
            if assigned < noted <= horizon:
                note = message(noted, Message.Kind.NOTE, rng.choice(INTERNAL_NOTES).format(other=self.other(plan)),
                               author=lead, sensitivity=Sensitivity.CONFIDENTIAL)
                event(noted, "noted", actor=lead, link=("message", note), attachments=0)
        if withdrawn:
            return self.withdraw(plan, rows, first, withdrawn, lead, event, message, finish)
        clarify = plan.hold == "awaiting" or (not plan.hold and rng.random() < 0.16)
        refer = plan.hold == "referred" or (not plan.hold and rng.random() < REFERRAL_RATE.get(plan.family, 0.05))
        single = not clarify and not refer and not plan.hold and rng.random() < (
            0.45 if plan.service_type in {"question", "tool_request"} else 0.15)
        if first > now:
            return finish()
        words = self.words(plan, lead, desk)
        template = CLARIFICATIONS if clarify else ANSWERS if single else HOLDING_REPLIES
        reply = message(first, Message.Kind.REPLY, template[plan.language].format(**words), author=lead)
        event(first, "replied", actor=lead, link=("message", reply), attachments=0)
        query.first_response_at, query.reminded_at = first, None
        state["changed"] = base = first
        if clarify:  # the clock waits for the requester
            query.status, state["paused_at"] = Status.AWAITING_REQUESTER, first
            wait = (rng.uniform(25, 40) if plan.hold else rng.uniform(8, 30) if rng.random() < 0.15
                    else rng.triangular(0.2, 8, 1.5))
            back = first + timedelta(days=wait)
            if back > now:
                return finish()
            follow_up = message(back, Message.Kind.REQUESTER, FOLLOW_UPS[plan.language].format(
                areas=rng.randint(2, 12), partners=rng.randint(5, 40), name=requester.full_name), author=requester)
            event(back, "requester_replied", actor=requester, link=("message", follow_up), attachments=0)
            self.resume(query, state, back)
            base = back

        # Referral to a regional focal point, an Alliance working group or another cluster.
        if refer:
            sent = calendar.add_working_minutes(base, rng.uniform(60, 600))
            if sent > now:
                return finish()
            referral = self.referral(plan, query, lead, sent, calendar)
            rows.referrals.append(referral)
            event(sent, "referred", actor=lead, link=("referral", referral), destination=str(referral.destination),
                  to=referral.recipient_name)
            query.status, state["paused_at"], state["changed"] = Status.REFERRED, sent, sent
            roll = 0.0 if plan.hold else rng.random()
            if roll < 0.88:
                back = calendar.add_working_minutes(
                    sent, rng.uniform(25, 35) * per_day if plan.hold else rng.triangular(0.3, 6, 1.5) * per_day)
                if back > now:
                    return finish()
                body = rng.choice(REFERRAL_ANSWERS[referral.destination]).format(
                    to=referral.recipient_name, country=plan.country.name, other=self.other(plan))
                referral.status, referral.outcome, referral.answered_at = Referral.Status.ANSWERED, body, back
                note = message(back, Message.Kind.NOTE, body, author=referral.recipient,
                               sensitivity=Sensitivity.CONFIDENTIAL)
                note.author_name = referral.recipient_name
                event(back, "referral_answered", actor=referral.recipient, label=referral.recipient_name,
                      link=("referral", referral))
                self.resume(query, state, back)
                base = back
            else:  # no useful answer: the desk answers from its own sources (the query stays referred until then)
                if roll < 0.94:
                    referral.status = Referral.Status.DECLINED
                    referral.outcome = "Declined: outside the group's current workplan; the desk answers directly."
                base = calendar.add_working_minutes(sent, rng.uniform(2, 4) * per_day)

        # The answer, full or partial, then closing after a quiet period.
        if single:
            answered = first + timedelta(minutes=rng.uniform(2, 30))
        else:
            low, high, mode = {"urgent": (0.1, 3, 0.8), "complex": (2, 14, 5)}.get(query.sla_class, (0.3, 6, 1.5))
            answered = calendar.add_working_minutes(base, rng.triangular(low, high, mode) * per_day)
            if received > now - timedelta(days=45) and rng.random() < 0.10:  # stalled: late, still open
                answered = calendar.add_working_minutes(answered, rng.uniform(15, 30) * per_day)
            if plan.hold == "stalled":
                answered = max(answered, now + timedelta(days=rng.uniform(1, 10)))
        if answered > now:
            if rng.random() < 0.04:
                self.flag_gap(plan, rows, lead, base + timedelta(minutes=rng.uniform(5, 240)), event)
            return finish()
        closed = answered + timedelta(days=rng.uniform(2, 20), minutes=rng.uniform(0, 600))
        final = Status.CLOSED if rng.random() < 0.82 and closed <= now else Status.ANSWERED
        gap = self.gap_deck[final].draw()
        partial = rng.random() < 0.3 if gap else self.partial_deck.draw()
        if gap:
            self.flag_gap(plan, rows, lead, max(base, answered - timedelta(minutes=rng.uniform(5, 60))), event)
        words["partial"] = PARTIAL_LINES[plan.language] if partial else ""
        if single:
            reply.body = ANSWERS[plan.language].format(**words)
        else:
            answer = message(answered, Message.Kind.REPLY, ANSWERS[plan.language].format(**words), author=lead)
            event(answered, "replied", actor=lead, link=("message", answer), attachments=0)
        outcome = Outcome.PARTIAL if partial else Outcome.FULL
        marked = answered + timedelta(seconds=rng.randint(5, 300))
        event(marked, "answered", actor=lead, outcome=str(outcome))
        query.status, query.outcome, query.answered_at = Status.ANSWERED, outcome, marked
        if state["paused_at"] is not None:  # answered while the referral was pending: that pause counts too
            state["pauses"].append((state["paused_at"], marked))
            state["paused_at"] = None
        if final == Status.CLOSED:
            event(closed, "closed", actor=lead)
            query.status, query.closed_at = Status.CLOSED, closed
        return finish()

    def resume(self, query, state, at) -> None:
        state["pauses"].append((state["paused_at"], at))
        query.status, state["paused_at"], state["changed"] = Status.IN_PROGRESS, None, at

    def withdraw(self, plan, rows, first, withdrawn, lead, event, message, finish):
        """The requester no longer needs an answer (never while paused, so due dates stay as they were)."""
        rng, query = self.rng, rows.query
        if first < withdrawn:
            words = self.words(plan, lead, query.desk)
            reply = message(first, Message.Kind.REPLY, HOLDING_REPLIES[plan.language].format(**words), author=lead)
            event(first, "replied", actor=lead, link=("message", reply), attachments=0)
            query.first_response_at, query.reminded_at = first, None
        event(withdrawn, "withdrawn", actor=plan.requester if rng.random() < 0.8 else lead)
        query.status, query.outcome, query.closed_at = Status.WITHDRAWN, Outcome.WITHDRAWN, withdrawn
        return finish()

    def close_books(self, rows, calendar, first_due, state, event) -> Rows:
        """Due dates, pause and reminder as they stand at the demo's "now"."""
        query, now = rows.query, self.now
        query.first_response_due = None if query.first_response_at else first_due
        if query.first_response_at and first_due:
            query.first_response_on_time = query.first_response_at <= first_due
        if query.answered_at:
            query.resolution_due = None
        else:
            due = self.due(calendar, query.sla_class, "resolution", query.received_at)
            for paused_from, resumed_at in state["pauses"]:
                due = self.shift(calendar, due, query.sla_class, "resolution", paused_from, resumed_at)
            query.resolution_due = due
        query.paused_at = state["paused_at"] if query.status in PAUSED_STATUSES else None
        if state["pauses"]:  # time already spent waiting, as `_set_status` adds it up (for dues recomputed later)
            query.paused_working_minutes = sum(calendar.working_minutes_between(*pause) for pause in state["pauses"])
            query.paused_clock_seconds = sum((end - start).total_seconds() for start, end in state["pauses"])
        if query.is_open and query.status not in PAUSED_STATUSES and query.reminded_at is None:
            dues = [due for due in (query.first_response_due, query.resolution_due) if due]
            if dues:
                soonest = min(dues)
                reminded = max(soonest - WARNING_WINDOW, state["changed"])
                if reminded <= now:
                    query.reminded_at = reminded
                    event(reminded, "sla_reminder", breached=reminded >= soonest)
        return rows

    # --- writing a chunk ---

    def write(self, rows: list[Rows], counts: dict) -> None:
        queries = [row.query for row in rows]
        Query.objects.bulk_create(queries, batch_size=BATCH)
        if queries and queries[0].pk is None:  # a backend that cannot return ids from a bulk insert
            pks = dict(Query.objects.filter(reference__in=[q.reference for q in queries])
                       .values_list("reference", "pk"))
            for query in queries:
                query.pk = pks[query.reference]
        if not hasattr(self, "first_pk"):
            self.first_pk = queries[0].pk
        self.last_pk = queries[-1].pk
        for query in queries:
            if query.reference in self.originals:
                self.pk_by_reference[query.reference] = query.pk
        Through = Query.topics.through
        Through.objects.bulk_create(
            [Through(query_id=row.query.pk, topic_id=topic.pk) for row in rows for topic in row.topics],
            batch_size=BATCH)
        messages = [message for row in rows for message in row.messages]
        Message.objects.bulk_create(messages, batch_size=BATCH)
        referrals = [referral for row in rows for referral in row.referrals]
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        Assignment.objects.bulk_create([a for row in rows for a in row.assignments], batch_size=BATCH)
        events = []
        for row in rows:
            for event, key, target in row.links:
                event.data[key] = target.pk
            for event, reference in row.deferred:
                event.query_id = self.pk_by_reference[reference]
            for gap, at in row.gap_links:
                self.gap_links[gap.pk].append((row.query.pk, at, row.query.country_id))
            events += row.events
        QueryEvent.objects.bulk_create(events, batch_size=BATCH)
        counts["messages"] += len(messages)
        counts["referrals"] += len(referrals)
        counts["events"] += len(events)

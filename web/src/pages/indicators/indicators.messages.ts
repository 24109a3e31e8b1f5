import type { Language } from '../../i18n/languages.ts';
import { messages } from '../../i18n/languages.ts';

export const indicators = messages(
  {
    title: 'Indicators',
    intro:
      'What Atalaya measures, how each figure is computed, where it comes from, and what to keep in mind when reading it.',
    familyHelp: {
      traditional:
        'The usual counts of crime and of the response to it: homicides, police, arrests, seizures, prisoners.',
      wider_outcome:
        'Outcomes the smart-security approach adds: prevention and treatment, social workers, recidivism, private security, trust.',
      context:
        'Figures that help read the others: population, breakdowns by sex and weapon, survey measures.',
    },
    allIndicators: 'All indicators',
    unknown: 'No indicator has the code “{{code}}”.',
    explore: 'Explore this indicator',
    onTheMap: 'See it on the map',
    definition: 'Definition',
    formula: 'Formula',
    dividedBy: 'divided by',
    rateNote:
      'Numerators and denominators are summed over units and periods before dividing; a yearly population is annualised for months and quarters.',
    breakdowns: 'Breakdowns',
    sdg: 'Sustainable Development Goals',
    iccs: 'International Classification of Crime for Statistical Purposes (ICCS)',
    sources: 'Sources',
    noSources: 'No published data yet.',
    severalSources:
      'Several sources report this figure. They are kept side by side; by default the preferred source is used, and the explorer can show each one.',
    caveats: 'Caveats',
    none: 'None',
    caveat: {
      rate: 'A rate rests on a population estimate; where the count is small (under 20) it moves a lot by chance: read its exact 95% interval.',
      share:
        'A share depends on both of its parts: a change may come from the denominator as much as from the numerator.',
      ratio: 'A ratio of two counts from different sources inherits the gaps of both.',
      level: 'A level is shown as reported; survey figures carry a sampling error that is not shown here.',
      change: 'A change is measured in percentage points between two periods; both must be reported.',
      family_traditional:
        'Activity counts (arrests, seizures, police numbers) measure the institutions’ effort as well as crime, and recording practices differ between countries.',
      family_wider_outcome:
        'Wider-outcome data are newer and less complete than traditional counts; check completeness before comparing countries.',
      family_context:
        'Context figures are there to read the others; they say little about security on their own.',
    },
  },
  {
    es: {
      title: 'Indicadores',
      intro:
        'Qué mide Atalaya, cómo se calcula cada cifra, de dónde proviene y qué tener en cuenta al leerla.',
      familyHelp: {
        traditional:
          'Los conteos habituales del delito y de la respuesta a él: homicidios, policía, detenciones, incautaciones, personas privadas de libertad.',
        wider_outcome:
          'Los resultados que añade el enfoque de seguridad inteligente: prevención y tratamiento, trabajadores sociales, reincidencia, seguridad privada, confianza.',
        context:
          'Cifras que ayudan a leer las demás: población, desgloses por sexo y arma, medidas de encuestas.',
      },
      allIndicators: 'Todos los indicadores',
      unknown: 'Ningún indicador tiene el código «{{code}}».',
      explore: 'Explorar este indicador',
      onTheMap: 'Verlo en el mapa',
      definition: 'Definición',
      formula: 'Fórmula',
      dividedBy: 'dividido por',
      rateNote:
        'Los numeradores y denominadores se suman por unidades y períodos antes de dividir; la población anual se anualiza para meses y trimestres.',
      breakdowns: 'Desgloses',
      sdg: 'Objetivos de Desarrollo Sostenible',
      iccs: 'Clasificación Internacional de Delitos con Fines Estadísticos (ICCS)',
      sources: 'Fuentes',
      noSources: 'Aún no hay datos publicados.',
      severalSources:
        'Varias fuentes informan esta cifra. Se conservan una al lado de la otra; por defecto se usa la fuente preferida, y el explorador puede mostrar cada una.',
      caveats: 'Advertencias',
      none: 'Ninguno',
      caveat: {
        rate: 'Una tasa se basa en una estimación de población; cuando el conteo es pequeño (menos de 20) varía mucho por azar: lea su intervalo exacto del 95 %.',
        share:
          'Una proporción depende de sus dos partes: un cambio puede venir tanto del denominador como del numerador.',
        ratio: 'Una razón entre dos conteos de fuentes distintas hereda las lagunas de ambas.',
        level:
          'Un nivel se muestra tal como se informó; las cifras de encuestas tienen un error de muestreo que no se muestra aquí.',
        change:
          'Una variación se mide en puntos porcentuales entre dos períodos; ambos deben estar informados.',
        family_traditional:
          'Los conteos de actividad (detenciones, incautaciones, efectivos policiales) miden tanto el esfuerzo de las instituciones como el delito, y las prácticas de registro difieren entre países.',
        family_wider_outcome:
          'Los datos de resultados amplios son más recientes y menos completos que los conteos tradicionales; verifique la completitud antes de comparar países.',
        family_context:
          'Las cifras de contexto sirven para leer las demás; por sí solas dicen poco sobre la seguridad.',
      },
    },
    pt: {
      title: 'Indicadores',
      intro: 'O que o Atalaya mede, como cada número é calculado, de onde vem e o que considerar ao lê-lo.',
      familyHelp: {
        traditional:
          'As contagens habituais do crime e da resposta a ele: homicídios, polícia, detenções, apreensões, pessoas presas.',
        wider_outcome:
          'Os resultados que a abordagem de segurança inteligente acrescenta: prevenção e tratamento, assistentes sociais, reincidência, segurança privada, confiança.',
        context:
          'Números que ajudam a ler os demais: população, desagregações por sexo e arma, medidas de pesquisas.',
      },
      allIndicators: 'Todos os indicadores',
      unknown: 'Nenhum indicador tem o código “{{code}}”.',
      explore: 'Explorar este indicador',
      onTheMap: 'Ver no mapa',
      definition: 'Definição',
      formula: 'Fórmula',
      dividedBy: 'dividido por',
      rateNote:
        'Numeradores e denominadores são somados por unidades e períodos antes da divisão; a população anual é anualizada para meses e trimestres.',
      breakdowns: 'Desagregações',
      sdg: 'Objetivos de Desenvolvimento Sustentável',
      iccs: 'Classificação Internacional de Crimes para Fins Estatísticos (ICCS)',
      sources: 'Fontes',
      noSources: 'Ainda não há dados publicados.',
      severalSources:
        'Várias fontes informam este número. Elas são mantidas lado a lado; por padrão usa-se a fonte preferida, e o explorador pode mostrar cada uma.',
      caveats: 'Ressalvas',
      none: 'Nenhum',
      caveat: {
        rate: 'Uma taxa depende de uma estimativa de população; quando a contagem é pequena (menos de 20) ela varia muito por acaso: leia o seu intervalo exato de 95%.',
        share:
          'Uma proporção depende das suas duas partes: uma mudança pode vir tanto do denominador quanto do numerador.',
        ratio: 'Uma razão entre duas contagens de fontes diferentes herda as lacunas de ambas.',
        level:
          'Um nível é mostrado como informado; os números de pesquisas têm um erro amostral que não é mostrado aqui.',
        change:
          'Uma variação é medida em pontos percentuais entre dois períodos; ambos devem estar informados.',
        family_traditional:
          'As contagens de atividade (detenções, apreensões, efetivo policial) medem tanto o esforço das instituições quanto o crime, e as práticas de registro diferem entre países.',
        family_wider_outcome:
          'Os dados de resultados amplos são mais recentes e menos completos que as contagens tradicionais; verifique a completude antes de comparar países.',
        family_context:
          'Os números de contexto servem para ler os demais; sozinhos dizem pouco sobre a segurança.',
      },
    },
    fr: {
      title: 'Indicateurs',
      intro:
        'Ce que mesure Atalaya, comment chaque chiffre est calculé, d’où il vient et ce qu’il faut garder à l’esprit en le lisant.',
      familyHelp: {
        traditional:
          'Les comptages habituels de la criminalité et de la réponse qu’on lui apporte : homicides, police, interpellations, saisies, personnes détenues.',
        wider_outcome:
          'Les résultats qu’ajoute l’approche de sécurité intelligente : prévention et traitement, travailleurs sociaux, récidive, sécurité privée, confiance.',
        context:
          'Des chiffres qui aident à lire les autres : population, ventilations par sexe et par arme, mesures d’enquêtes.',
      },
      allIndicators: 'Tous les indicateurs',
      unknown: 'Aucun indicateur n’a le code « {{code}} ».',
      explore: 'Explorer cet indicateur',
      onTheMap: 'Le voir sur la carte',
      definition: 'Définition',
      formula: 'Formule',
      dividedBy: 'divisé par',
      rateNote:
        'Numérateurs et dénominateurs sont additionnés sur les unités et les périodes avant la division ; une population annuelle est annualisée pour les mois et les trimestres.',
      breakdowns: 'Ventilations',
      sdg: 'Objectifs de développement durable',
      iccs: 'Classification internationale des infractions à des fins statistiques (ICCS)',
      sources: 'Sources',
      noSources: 'Pas encore de données publiées.',
      severalSources:
        'Plusieurs sources rapportent ce chiffre. Elles sont conservées côte à côte ; par défaut la source préférée est utilisée, et l’explorateur peut montrer chacune.',
      caveats: 'Mises en garde',
      none: 'Aucune',
      caveat: {
        rate: 'Un taux repose sur une estimation de la population ; quand l’effectif est petit (moins de 20), il varie beaucoup par hasard : lisez son intervalle exact à 95 %.',
        share:
          'Une part dépend de ses deux termes : un changement peut venir du dénominateur autant que du numérateur.',
        ratio: 'Un rapport entre deux comptages de sources différentes hérite des lacunes des deux.',
        level:
          'Un niveau est montré tel que déclaré ; les chiffres d’enquête ont une erreur d’échantillonnage qui n’est pas montrée ici.',
        change:
          'Une variation se mesure en points de pourcentage entre deux périodes ; les deux doivent être déclarées.',
        family_traditional:
          'Les comptages d’activité (interpellations, saisies, effectifs de police) mesurent l’effort des institutions autant que la criminalité, et les pratiques d’enregistrement diffèrent d’un pays à l’autre.',
        family_wider_outcome:
          'Les données de résultats élargis sont plus récentes et moins complètes que les comptages traditionnels ; vérifiez la complétude avant de comparer des pays.',
        family_context:
          'Les chiffres de contexte servent à lire les autres ; seuls, ils disent peu de la sécurité.',
      },
    },
  },
);

type Labels = Readonly<Record<string, Readonly<Record<Language, string>>>>;

/** Official titles of the SDG indicators the catalogue maps to (UN Statistics Division). */
export const SDG_LABELS: Labels = {
  '16.1.1': {
    en: 'Number of victims of intentional homicide per 100,000 population, by sex and age',
    es: 'Número de víctimas de homicidios intencionales por cada 100.000 habitantes, desglosado por sexo y edad',
    pt: 'Número de vítimas de homicídio intencional por 100.000 habitantes, por sexo e idade',
    fr: 'Nombre de victimes d’homicide volontaire pour 100 000 habitants, par sexe et âge',
  },
  '16.1.4': {
    en: 'Proportion of population that feel safe walking alone around the area they live after dark',
    es: 'Proporción de la población que se siente segura al caminar sola en su zona de residencia después de que oscurece',
    pt: 'Proporção da população que se sente segura ao caminhar sozinha na área onde vive depois de escurecer',
    fr: 'Proportion de la population qui se sent en sécurité lorsqu’elle marche seule dans sa zone de résidence après la tombée de la nuit',
  },
  '16.3.2': {
    en: 'Unsentenced detainees as a proportion of overall prison population',
    es: 'Detenidos que no han sido sentenciados como proporción de la población carcelaria total',
    pt: 'Presos sem sentença em proporção da população prisional total',
    fr: 'Proportion de la population carcérale en instance de jugement',
  },
};

/** ICCS (UNODC 2015) categories the catalogue maps to. */
export const ICCS_LABELS: Labels = {
  '0101': {
    en: 'Intentional homicide',
    es: 'Homicidio intencional',
    pt: 'Homicídio intencional',
    fr: 'Homicide volontaire',
  },
  '06': {
    en: 'Acts involving controlled psychoactive substances or other drugs',
    es: 'Actos que involucran sustancias psicoactivas controladas u otras drogas',
    pt: 'Atos envolvendo substâncias psicoativas controladas ou outras drogas',
    fr: 'Actes impliquant des substances psychoactives placées sous contrôle ou d’autres drogues',
  },
  '0601': {
    en: 'Unlawful acts involving controlled drugs or precursors',
    es: 'Actos ilícitos relacionados con drogas controladas o precursores',
    pt: 'Atos ilícitos envolvendo drogas controladas ou precursores',
    fr: 'Actes illicites impliquant des drogues placées sous contrôle ou des précurseurs',
  },
};
